// tests/consumer/run.sh cxx: the umbrella header compiles as C++ and links (extern "C" guards).
#include <cstdio>
#include <cstring>

#include <nqpf.h>

int main()
{
    nqpf_dea_options o;
    if (nqpf_dea_options_init(&o, NQPF_DEA_OPTIONS_VERSION) != NQPF_OK)
        return 1;
    std::printf("nqpf %s (NQPF_VERSION %s, %d.%d.%d)\n", nqpf_version(), NQPF_VERSION, NQPF_VERSION_MAJOR,
                NQPF_VERSION_MINOR, NQPF_VERSION_PATCH);
    return std::strcmp(nqpf_version(), NQPF_VERSION) == 0 ? 0 : 1;
}
