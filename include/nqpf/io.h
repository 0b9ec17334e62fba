/**
 * @file io.h
 * @brief Reading tables (CSV/TSV, Stata .dta, SPSS .sav) and writing results (CSV, JSON, XLSX).
 */
#ifndef NQPF_IO_H
#define NQPF_IO_H

#include <stddef.h>

#include "nqpf/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The version of nqpf_read_options this header describes. */
#define NQPF_READ_OPTIONS_VERSION 2

/** Text encodings of delimited files (spreadsheets carry their own). */
enum nqpf_encoding {
    NQPF_ENC_AUTO = 0, /**< UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 when the bytes are not UTF-8 */
    NQPF_ENC_UTF8,     /**< UTF-8, with or without BOM */
    NQPF_ENC_GB18030,  /**< GB18030 (a superset of GBK and GB2312: what Excel on Chinese Windows writes) */
    NQPF_ENC_UTF16     /**< UTF-16 with a byte order mark (Excel's "Unicode text") */
};

/** Cleaning of number cells that yearbooks need, switched on explicitly (bits of nqpf_read_options.clean). */
enum nqpf_clean {
    NQPF_CLEAN_THOUSANDS = 1u, /**< "1,234.5" reads as 1234.5 */
    NQPF_CLEAN_FULLWIDTH = 2u, /**< full-width digits, signs and points ("１２３．４") read as ASCII */
    NQPF_CLEAN_PERCENT = 4u    /**< "12.5%" reads as 0.125 */
};

/** How nqpf_read_table() reads a file; initialise with nqpf_read_options_init(). */
typedef struct nqpf_read_options {
    unsigned version;        /**< NQPF_READ_OPTIONS_VERSION */
    char delim;              /**< field delimiter; 0 = detect among ',', '\t', ';' */
    const char *const *na;   /**< extra cell texts meaning missing (besides ""), NULL-terminated */
    const char *sheet;       /**< .xlsx/.xls: sheet name or 1-based number as text; NULL = the first sheet */
    size_t header_row;       /**< 1-based row holding the column names; 0 = detect (title rows skipped) */
    size_t header_rows;      /**< rows from header_row combined into the names (a two-row header: 2); >= 1 */
    enum nqpf_encoding encoding; /**< delimited text: NQPF_ENC_AUTO detects */
    unsigned clean;          /**< NQPF_CLEAN_* bits */
} nqpf_read_options;

#define NQPF_READ_OPTIONS_INIT {NQPF_READ_OPTIONS_VERSION, 0, NULL, NULL, 0, 1, NQPF_ENC_AUTO, 0u}

/** Sets @p o to the defaults (delimiter, encoding and header row detected, one header row, only empty
 *  cells and yearbook markers missing, no cleaning). @p version must be NQPF_READ_OPTIONS_VERSION
 *  (NQPF_EUSAGE otherwise). */
int nqpf_read_options_init(nqpf_read_options *o, unsigned version);

struct nqpf_optset;
/**
 * Fills @p ro from the read options of a set of the "data" method (nqpf_method_find("data")), as
 * every command that reads data spells them: `delim` (',', ';', '|' or 'tab'), `na` (a list),
 * `sheet`, `header_row` ("N" or "N-M" for a header over rows N..M), `encoding` (auto, utf-8,
 * gb18030 (gbk), utf-16) and `clean` (a list of thousands, fullwidth, percent). Strings point into
 * @p set. Errors: NQPF_EUSAGE keyed by the option.
 */
int nqpf_read_options_parse(nqpf_read_options *ro, const struct nqpf_optset *set);

/**
 * Reads @p path into a new table. The format follows the extension: .dta (Stata), .sav/.zsav/.por
 * (SPSS) through ReadStat; .xlsx (Office Open XML, streamed through libzip and expat) and .xls
 * (BIFF, through FreeXL), one sheet; anything else is delimited text (RFC 4180 quoting; UTF-8,
 * UTF-16 or GB18030, converted to UTF-8). Text and spreadsheet files go through one path: the
 * header row (given or detected below title rows; several rows combined, merged cells filled),
 * trailing empty rows and columns dropped, yearbook missing markers (—, －, …, /) and @p opts->na
 * read as missing with a warning naming the column, the explicit cleaning of @p opts->clean. A
 * column whose every non-empty cell parses as a number is numeric, any other column is text.
 * Errors: NQPF_EDATA naming the file, row and column: a missing/unreadable file, a ragged row, a
 * duplicate or empty column name, an undecodable byte (with the encoding assumed), no such sheet.
 * The caller owns @p *out.
 */
int nqpf_read_table(nqpf_table **out, const char *path, const nqpf_read_options *opts);

/** Key-value pairs describing how a result was made (command line, version, input checksum, ...). */
typedef struct nqpf_provenance nqpf_provenance;

/** Creates an empty provenance record (caller owns; nqpf_provenance_free()). */
nqpf_provenance *nqpf_provenance_new(void);

/** Frees a provenance record; NULL is allowed. */
void nqpf_provenance_free(nqpf_provenance *pv);

/** Adds (or replaces) the entry @p key with a copy of @p value. */
int nqpf_provenance_set(nqpf_provenance *pv, const char *key, const char *value);

/** Number of entries, and the key/value of entry @p k, in insertion order. */
size_t nqpf_provenance_count(const nqpf_provenance *pv);
const char *nqpf_provenance_key(const nqpf_provenance *pv, size_t k);
const char *nqpf_provenance_value(const nqpf_provenance *pv, size_t k);

/**
 * Computes the SHA-256 of the file @p path as 64 lowercase hex digits into @p hex (65 bytes).
 */
int nqpf_file_sha256(const char *path, char hex[65]);

/** Output formats. */
enum nqpf_format { NQPF_FMT_CSV, NQPF_FMT_JSON, NQPF_FMT_XLSX };

/** Format chosen by the extension of @p path (.json, .xlsx; anything else CSV). */
enum nqpf_format nqpf_format_for_path(const char *path);

/**
 * Writes @p n tables named @p names to @p path (NULL or "-" = CSV on stdout), atomically: into a
 * temporary file in the same folder, renamed over @p path only when complete. CSV holds exactly
 * one table (n must be 1) with no comment lines; JSON holds {"provenance": {...}, "tables":
 * {name: [row objects]}} with NaN as null; XLSX one sheet per table plus a "provenance" sheet.
 * Errors: NQPF_EIO.
 */
int nqpf_write_tables(const char *path, const nqpf_table *const *tables, const char *const *names,
                      size_t n, const nqpf_provenance *pv);

/** nqpf_write_tables() for a single table named "result". */
int nqpf_write_table(const char *path, const nqpf_table *t, const nqpf_provenance *pv);

/**
 * Writes @p size bytes to @p path atomically (temporary file + rename). Errors: NQPF_EIO.
 */
int nqpf_write_file_atomic(const char *path, const void *data, size_t size);

/**
 * Records @p path (an input of this process) so that no writer of this library replaces it: the
 * writers above refuse an output that is the same file (same device and inode, however spelled:
 * relative, ./, through a symbolic link). A path that does not exist is ignored. At most 64 inputs
 * per process. Errors: NQPF_EINTERNAL when the table is full.
 */
int nqpf_output_protect(const char *path);

/**
 * Checks that @p path may receive a result, as every writer above does before writing: it must be
 * absent or a regular file that is not a protected input (nqpf_output_protect()); symbolic links,
 * devices, FIFOs, sockets and folders are refused. NULL and "-" (stdout) pass. An existing file's
 * permissions are kept when it is rewritten. Errors: NQPF_EIO (output not written).
 */
int nqpf_output_check(const char *path);

#ifdef __cplusplus
}
#endif
#endif
