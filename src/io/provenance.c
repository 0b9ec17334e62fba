#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nqpf/io.h"
#include "../util/util.h"

struct nqpf_provenance {
    char **keys, **values;
    size_t n;
};

nqpf_provenance *nqpf_provenance_new(void) { return nqpf__calloc(1, sizeof(nqpf_provenance)); }

void nqpf_provenance_free(nqpf_provenance *pv)
{
    if (!pv)
        return;
    for (size_t k = 0; k < pv->n; k++) {
        free(pv->keys[k]);
        free(pv->values[k]);
    }
    free(pv->keys);
    free(pv->values);
    free(pv);
}

int nqpf_provenance_set(nqpf_provenance *pv, const char *key, const char *value)
{
    char *v = nqpf__strdup(value ? value : "");
    if (!v)
        return NQPF_EINTERNAL;
    for (size_t k = 0; k < pv->n; k++) {
        if (strcmp(pv->keys[k], key) == 0) {
            free(pv->values[k]);
            pv->values[k] = v;
            return NQPF_OK;
        }
    }
    char *kk = nqpf__strdup(key);
    char **nk = kk ? nqpf__realloc(pv->keys, pv->n + 1, sizeof *nk) : NULL;
    if (nk)
        pv->keys = nk;
    char **nv = nk ? nqpf__realloc(pv->values, pv->n + 1, sizeof *nv) : NULL;
    if (nv)
        pv->values = nv;
    if (!kk || !nk || !nv) {
        free(kk);
        free(v);
        return NQPF_EINTERNAL;
    }
    pv->keys[pv->n] = kk;
    pv->values[pv->n] = v;
    pv->n++;
    return NQPF_OK;
}

size_t nqpf_provenance_count(const nqpf_provenance *pv) { return pv ? pv->n : 0; }
const char *nqpf_provenance_key(const nqpf_provenance *pv, size_t k) { return pv->keys[k]; }
const char *nqpf_provenance_value(const nqpf_provenance *pv, size_t k) { return pv->values[k]; }

int nqpf_file_sha256(const char *path, char hex[65])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return nqpf_error_set(NQPF_EDATA, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return nqpf_error_set(NQPF_EDATA, "%s: expected a data file, found a folder (name a file inside it)", path);
    }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        fclose(f);
        EVP_MD_CTX_free(md);
        return nqpf_error_set(NQPF_EINTERNAL, "SHA-256 initialisation failed");
    }
    unsigned char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        EVP_DigestUpdate(md, buf, got);
    int err = ferror(f), e = errno;
    fclose(f);
    unsigned char dig[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    EVP_DigestFinal_ex(md, dig, &dlen);
    EVP_MD_CTX_free(md);
    if (err)
        return nqpf_error_set(NQPF_EDATA, "%s: cannot read the file: %s", path, strerror(e));
    for (unsigned int i = 0; i < dlen && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", dig[i]);
    hex[64] = '\0';
    return NQPF_OK;
}
