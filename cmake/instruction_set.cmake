# PROSPECT_ARCH: the instruction set every object is compiled for.
#   native     the build machine's own (-march=native), the default: fastest,
#              but the binary may stop with an illegal instruction on another
#              machine, and its numbers move with the build machine.
#   x86-64-v3  AVX2 and FMA (Intel since 2013, AMD since 2015): the portable
#              baseline, which packaging builds for. Its run files are
#              bit-identical on every machine that runs it.
#   x86-64-v2  SSE4.2 (x86-64 CPUs since 2009): runs on older machines too.
#   x86-64-v4  AVX-512 (F, BW, CD, DQ, VL).
# docs/builds.md explains the choice and what a portable build guarantees.
set(PROSPECT_PORTABLE_ARCH x86-64-v3)
set(PROSPECT_ARCH native CACHE STRING
    "Instruction set: native (the build machine's), x86-64-v2, x86-64-v3 (the portable baseline) or x86-64-v4")
set(arch_choices native x86-64-v2 x86-64-v3 x86-64-v4)
set_property(CACHE PROSPECT_ARCH PROPERTY STRINGS ${arch_choices})
if(NOT PROSPECT_ARCH IN_LIST arch_choices)
  string(REPLACE ";" ", " expected "${arch_choices}")
  message(FATAL_ERROR "PROSPECT_ARCH = '${PROSPECT_ARCH}': expected one of ${expected}")
endif()
if(DEFINED CACHE{PROSPECT_NATIVE})
  message(WARNING "PROSPECT_NATIVE is no longer read: PROSPECT_ARCH (now ${PROSPECT_ARCH}) chooses the instruction set")
  unset(PROSPECT_NATIVE CACHE)
endif()
add_compile_options(-march=${PROSPECT_ARCH})

if(NOT PROSPECT_ARCH STREQUAL "native")
  # Eigen sizes its matrix-product blocks, and with them the order in which a
  # product's terms are summed, by the caches it reads with cpuid: without
  # cpuid it assumes fixed sizes, so a product rounds alike on every machine.
  add_compile_definitions(EIGEN_NO_CPUID)
endif()

# Configuring says what the build targets: the vector extensions the compiler
# enables for PROSPECT_ARCH on this machine.
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -march=${PROSPECT_ARCH} -dM -E -x c++ /dev/null
                OUTPUT_VARIABLE arch_macros ERROR_QUIET)
set(arch_extensions "")
foreach(pair "__AVX512F__;AVX-512" "__AVX2__;AVX2" "__AVX__;AVX" "__SSE4_2__;SSE4.2")
  list(GET pair 0 macro)
  list(GET pair 1 extension)
  if(arch_macros MATCHES "#define ${macro} 1")
    set(arch_extensions ${extension})
    break()
  endif()
endforeach()
if(arch_macros MATCHES "#define __FMA__ 1")
  string(APPEND arch_extensions ", FMA")
endif()
if(PROSPECT_ARCH STREQUAL PROSPECT_PORTABLE_ARCH)
  set(arch_note "the portable baseline")
elseif(PROSPECT_ARCH STREQUAL "native")
  set(arch_note "this machine's own: not portable; -DPROSPECT_ARCH=${PROSPECT_PORTABLE_ARCH} is")
else()
  set(arch_note "portable to machines with these extensions")
endif()
message(STATUS "prospect: instruction set ${PROSPECT_ARCH} (${arch_extensions}; ${arch_note})")
