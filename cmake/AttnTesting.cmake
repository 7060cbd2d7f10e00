# attn_add_test(<unit> SOURCES ... [LIBS ...] [TORCH] [GUI])
#
# One Qt Test executable per unit, registered with CTest as <unit>.
#   TORCH  the test reaches into core/src and tensors; Qt keywords are off in
#          it, because LibTorch uses `slots` as an identifier.
#   GUI    the test opens widgets; it runs on the offscreen platform.
# The tests run where they are built. Debian's OpenBLAS falls back to slow
# SSE3 kernels on CPUs it does not recognise; the programs fix that themselves
# (attn::prefer_fast_blas_kernels), the test executables get it from here.
set(ATTN_TEST_BLAS_ENV "")
if(EXISTS /proc/cpuinfo)
  file(READ /proc/cpuinfo ATTN_CPUINFO LIMIT 8192)
  if(ATTN_CPUINFO MATCHES " avx2 " AND ATTN_CPUINFO MATCHES " fma ")
    set(ATTN_TEST_BLAS_ENV "OPENBLAS_CORETYPE=Haswell")
  endif()
endif()

function(attn_add_test unit)
  cmake_parse_arguments(ARG "TORCH;GUI" "" "SOURCES;LIBS" ${ARGN})
  set(target tst_${unit})
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Qt6::Test attn_test_support ${ARG_LIBS})
  if(ARG_TORCH)
    # Same flags as attn_torch_test_pch, so its precompiled torch header is reused.
    target_link_libraries(${target} PRIVATE attn_core_internal)
    target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS)
    target_precompile_headers(${target} REUSE_FROM attn_torch_test_pch)
  else()
    target_link_libraries(${target} PRIVATE attn_core)
  endif()
  add_test(NAME ${unit} COMMAND ${target})
  set(env "QT_QPA_PLATFORM=offscreen" "OMP_NUM_THREADS=1" ${ATTN_TEST_BLAS_ENV})
  set_tests_properties(${unit} PROPERTIES ENVIRONMENT "${env}" TIMEOUT 600)
endfunction()
