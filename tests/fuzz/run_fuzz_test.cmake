# One "fuzz: <name>" ctest: copies the corpus to a scratch directory (libFuzzer
# adds new inputs to its first directory), then runs RUNS mutations over it
# and the regressions. Fails when libFuzzer reports anything.
# Inputs: HARNESS, CORPUS, SCRATCH, REGRESSIONS, RUNS, DICT ("" for none).
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH} ${SCRATCH}-artifacts)
file(COPY ${CORPUS}/ DESTINATION ${SCRATCH})
set(args -runs=${RUNS} -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix=${SCRATCH}-artifacts/)
if(DICT)
  list(APPEND args -dict=${DICT})
endif()
set(dirs ${SCRATCH})
if(EXISTS ${REGRESSIONS})
  list(APPEND dirs ${REGRESSIONS})
endif()
execute_process(COMMAND ${HARNESS} ${args} ${dirs} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${HARNESS} exited with ${rc}: see the libFuzzer report above")
endif()
