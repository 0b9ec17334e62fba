# `cmake --install`: the library (static, plus shared with NQPF_SHARED), the headers (with the
# generated nqpf/version.h), pkg-config's nqpf.pc, the CMake package (find_package(nqpf): target
# nqpf::nqpf) and the CLI. Included from CMakeLists.txt after the targets are defined.
include(CMakePackageConfigHelpers)

set(NQPF_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/nqpf)
set(NQPF_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# nqpf::nqpf is the shared library when there is one, the static library otherwise (then also
# exported as nqpf::nqpf_static).
if(NQPF_SHARED)
  set_target_properties(nqpf_shared PROPERTIES EXPORT_NAME nqpf)
  set_target_properties(nqpf PROPERTIES EXPORT_NAME nqpf_static)
  set(nqpf_lib_targets nqpf nqpf_shared)
else()
  set(nqpf_lib_targets nqpf)
endif()
install(TARGETS ${nqpf_lib_targets} EXPORT nqpfTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET nqpf_shared AND NOT NQPF_SHARED)
  # Built for the consumer tests only: installed on request (--component nqpf_test_shared).
  install(TARGETS nqpf_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          COMPONENT nqpf_test_shared EXCLUDE_FROM_ALL)
endif()
install(TARGETS nqpf_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(FILES ${PROJECT_SOURCE_DIR}/include/nqpf.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/nqpf/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/nqpf
        FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/nqpf/version.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/nqpf)

# CMake package: nqpfConfig.cmake, nqpfConfigVersion.cmake, nqpfTargets*.cmake.
install(EXPORT nqpfTargets NAMESPACE nqpf:: DESTINATION ${NQPF_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/nqpfConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/nqpfConfig.cmake INSTALL_DESTINATION ${NQPF_CMAKE_DIR})
# 0.x: a minor release may change the API, so only the same major.minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/nqpfConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/nqpfConfig.cmake ${PROJECT_BINARY_DIR}/nqpfConfigVersion.cmake
        DESTINATION ${NQPF_CMAKE_DIR})

# pkg-config: paths relative to the .pc file, so an installed tree can be moved (and installed with
# `cmake --install --prefix DIR`) without regenerating it.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(NQPF_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(NQPF_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(NQPF_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH nqpf_pc_up /${NQPF_PC_DIR} /)
  string(REGEX REPLACE "/$" "" nqpf_pc_up "${nqpf_pc_up}")
  set(NQPF_PC_PREFIX "\${pcfiledir}/${nqpf_pc_up}")
  set(NQPF_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(NQPF_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/nqpf.pc.in ${PROJECT_BINARY_DIR}/nqpf.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/nqpf.pc DESTINATION ${NQPF_PC_DIR})
