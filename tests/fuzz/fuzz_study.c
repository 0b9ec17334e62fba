/* libFuzzer target: the study-file loader (nqpf_study_load: the JSON, every key's type, groups,
 * map, steps and their options, the output names), against a small data set and the files a study
 * names (framework.csv, edges.csv, codes.csv, zones.csv), all written into the fuzzer's folder. The
 * input is study.json; nothing is run (a run writes files and takes long). */
#include "fuzz_common.h"

static const char panel[] = "unit,year,Y,K,L,share\n"
                            "AAA,2001,67.5,100,50,0.57\nAAA,2002,68.1,104,50.5,0.59\n"
                            "BBB,2001,80.2,120,60,0.55\nBBB,2002,82.0,125,61,0.56\n"
                            "CCC,2001,55.0,90,45,0.60\nCCC,2002,57.3,92,46,0.58\n";
static const char framework[] = "path,id,label_zh,label_en,column,unit,direction,weight\n"
                                "a,k,资本,Capital,K,,+,\na,l,劳动,Labour,L,,+,\nb,y,产出,Output,Y/L,,+,\n";
static const char edges[] = "from,to\nAAA,BBB\nBBB,AAA\nBBB,CCC\nCCC,BBB\n";
static const char codes[] = "unit,code\nAAA,1\nBBB,2\nCCC,3\n";
static const char zones[] = "code,zone\n1,east\n2,east\n3,west\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    fuzz_file("panel.csv", (const uint8_t *)panel, sizeof panel - 1);
    fuzz_file("framework.csv", (const uint8_t *)framework, sizeof framework - 1);
    fuzz_file("edges.csv", (const uint8_t *)edges, sizeof edges - 1);
    fuzz_file("codes.csv", (const uint8_t *)codes, sizeof codes - 1);
    fuzz_file("zones.csv", (const uint8_t *)zones, sizeof zones - 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nqpf_study *s = NULL;
    if (nqpf_study_load(&s, fuzz_file("study.json", data, size), NULL) == NQPF_OK)
        nqpf_study_free(s);
    nqpf_error_clear();
    return 0;
}
