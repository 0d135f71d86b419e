# Warning and sanitizer settings, linked PRIVATE to hallq's own targets only
# (dependencies come in as SYSTEM includes, so -Werror never trips on them).
add_library(hallq_warnings INTERFACE)
target_compile_options(hallq_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough)
if(HALLQ_WARNINGS_AS_ERRORS)
  target_compile_options(hallq_warnings INTERFACE -Werror)
endif()

add_library(hallq_options INTERFACE)
if(HALLQ_SANITIZERS)
  string(REPLACE ";" "," _san "${HALLQ_SANITIZERS}")
  target_compile_options(hallq_options INTERFACE -fsanitize=${_san} -fno-omit-frame-pointer)
  target_link_options(hallq_options INTERFACE -fsanitize=${_san})
endif()

# Every hallq target: C++20, our warnings, our sanitizers.
function(hallq_target target)
  target_link_libraries(${target} PRIVATE hallq_warnings hallq_options)
endfunction()
