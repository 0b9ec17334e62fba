# Consumer tests (label `consumer`): nqpf as a program outside this tree sees it. consumer/install
# installs this build (plus libnqpf.so) into a temporary prefix; the others build against that
# prefix: examples/library/dea_example.c through pkg-config against the shared library (its scores
# must equal `nqpf dea`'s), the same file through find_package(nqpf), a C++ file including
# <nqpf.h>, and the list of symbols libnqpf.so exports (nqpf_[a-z0-9]* only). See run.sh.
set(nqpf_consumer_flags "")
if(NQPF_SANITIZE)
  set(nqpf_consumer_flags "-fsanitize=address,undefined -fno-omit-frame-pointer")
endif()
foreach(step install pkgconfig cmake cxx symbols)
  add_test(NAME consumer/${step} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh ${step})
  set_tests_properties(consumer/${step} PROPERTIES
    ENVIRONMENT "NQPF_SOURCE_DIR=${PROJECT_SOURCE_DIR};NQPF_BUILD_DIR=${PROJECT_BINARY_DIR};NQPF_SHARED=$<BOOL:${NQPF_SHARED}>;CC=${CMAKE_C_COMPILER};NQPF_CONSUMER_FLAGS=${nqpf_consumer_flags};NQPF_CONSUMER_BUILD_TYPE=${CMAKE_BUILD_TYPE};NQPF_TEST_TMP=${PROJECT_BINARY_DIR}/consumer-tmp"
    LABELS consumer
    SKIP_RETURN_CODE 77)
  if(step STREQUAL "install")
    set_tests_properties(consumer/${step} PROPERTIES FIXTURES_SETUP nqpf_prefix)
  else()
    set_tests_properties(consumer/${step} PROPERTIES FIXTURES_REQUIRED nqpf_prefix)
  endif()
endforeach()
