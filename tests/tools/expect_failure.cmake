# cmake -DCOMMAND="prog|arg|..." -DEXPECT="text" -P expect_failure.cmake: passes when COMMAND exits 1
# and prints EXPECT (a check that must be seen to fail, such as tools/check_layers on a bad tree).
string(REPLACE "|" ";" command "${COMMAND}")
execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(FIND "${out}" "${EXPECT}" at)
if(NOT rc EQUAL 1 OR at EQUAL -1)
  message(FATAL_ERROR "expected exit 1 and \"${EXPECT}\", got exit ${rc}:\n${out}${err}")
endif()
message(STATUS "failed as expected: ${out}")
