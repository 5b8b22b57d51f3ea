# `cmake --install build --prefix P`: the `prospect` command, the libraries,
# their headers (P/include/prospect/core/..., as the sources include them) and
# the CMake package, so that find_package(prospect CONFIG) gives the imported
# targets prospect::core, prospect::integrators, prospect::models,
# prospect::datasets, prospect::runs, prospect::training and prospect::tasks
# (docs/install.md).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PROSPECT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/prospect)
set(PROSPECT_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/prospect)
set(prospect_libraries prospect_core prospect_integrators prospect_models prospect_datasets
    prospect_runs prospect_training prospect_tasks)

foreach(library ${prospect_libraries})
  string(REPLACE "prospect_" "" name ${library})
  set_target_properties(${library} PROPERTIES EXPORT_NAME ${name})
endforeach()

# Code compiled against the libraries must target the same instruction set:
# Eigen's allocation alignment follows it, and a matrix allocated on one side
# is freed on the other. The flags are the -m options given to every target.
get_directory_property(prospect_compile_options DIRECTORY ${PROJECT_SOURCE_DIR} COMPILE_OPTIONS)
set(prospect_arch_flags ${prospect_compile_options})
list(FILTER prospect_arch_flags INCLUDE REGEX "^-m")
target_compile_options(prospect_core INTERFACE $<INSTALL_INTERFACE:${prospect_arch_flags}>)
target_include_directories(prospect_core INTERFACE
  $<INSTALL_INTERFACE:${PROSPECT_INSTALL_INCLUDEDIR}>)

install(TARGETS prospect RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ${prospect_libraries} EXPORT prospectTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY core integrators models datasets runs training tasks
        DESTINATION ${PROSPECT_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h" PATTERN "configs" EXCLUDE)
install(EXPORT prospectTargets NAMESPACE prospect::
        DESTINATION ${PROSPECT_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/prospectConfig.cmake.in
  ${PROJECT_BINARY_DIR}/prospectConfig.cmake
  INSTALL_DESTINATION ${PROSPECT_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/prospectConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/prospectConfig.cmake
              ${PROJECT_BINARY_DIR}/prospectConfigVersion.cmake
        DESTINATION ${PROSPECT_INSTALL_CMAKEDIR})
