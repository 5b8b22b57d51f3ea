# cmake -DSOURCE_DIR=... -DOUTPUT=... -P git_revision.cmake
# Writes the source tree's git revision (git describe --always --dirty, or
# "unknown" outside a git checkout) into OUTPUT as PROSPECT_GIT_REVISION.
# Run at every build, not at configure time, so that a binary names the commit
# it was built from; OUTPUT is rewritten only when the revision changes.
cmake_minimum_required(VERSION 3.20)
# A source tree copied inside another checkout is not that checkout's commit.
execute_process(COMMAND git rev-parse --show-toplevel WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE top OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
file(REAL_PATH "${SOURCE_DIR}" source)
set(revision unknown)
if(top AND EXISTS "${top}")
  file(REAL_PATH "${top}" top)
  if(top STREQUAL source)
    execute_process(COMMAND git describe --always --dirty WORKING_DIRECTORY ${SOURCE_DIR}
                    OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  endif()
endif()
if(NOT revision)
  set(revision unknown)
endif()
set(content "#define PROSPECT_GIT_REVISION \"${revision}\"\n")
set(written "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} written)
endif()
if(NOT content STREQUAL written)
  file(WRITE ${OUTPUT} "${content}")
endif()
