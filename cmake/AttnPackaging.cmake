# Installation and the Debian package (cpack -G DEB), kept lintian-clean:
# stripped binaries, a machine-readable copyright file, a compressed
# changelog, manual pages generated from --help (help2man) so they never
# drift from the programs, no maintainer scripts, and the dependencies a
# Debian maintainer would declare.

install(FILES packaging/org.attentionstudio.AttentionStudio.desktop
        DESTINATION share/applications)
install(FILES packaging/org.attentionstudio.AttentionStudio.metainfo.xml
        DESTINATION share/metainfo)
install(FILES resources/icons/attention-studio.svg DESTINATION share/icons/hicolor/scalable/apps)
install(DIRECTORY resources/presets DESTINATION share/attention-studio)

# gzip -9n: the highest compression, and no name or time stamp, so the
# package is the same whenever it is built.
set(ATTN_PACKAGING_OUT ${CMAKE_BINARY_DIR}/packaging)
function(attn_gzip input output)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ATTN_PACKAGING_OUT}
    COMMAND sh -c "gzip -9n < '${input}' > '${output}'"
    DEPENDS ${input} ${ARGN} VERBATIM)
endfunction()

attn_gzip(${PROJECT_SOURCE_DIR}/packaging/changelog ${ATTN_PACKAGING_OUT}/changelog.gz)
set(ATTN_PACKAGING_FILES ${ATTN_PACKAGING_OUT}/changelog.gz)

find_program(ATTN_HELP2MAN help2man)
# Not from a sanitised build: nobody packages one, and its programs report
# LibTorch's start-up allocations as leaks when help2man runs them.
if(ATTN_HELP2MAN AND NOT ATTN_SANITIZE)
  set(ATTN_PROGRAMS attention-train)
  if(TARGET attention-studio)
    list(APPEND ATTN_PROGRAMS attention-studio)
  endif()
  set(name_attention-train "train and inspect the Transformer of Attention Is All You Need")
  set(name_attention-studio "watch a Transformer learn: live attention heatmaps and analysis")
  foreach(program IN LISTS ATTN_PROGRAMS)
    set(page ${ATTN_PACKAGING_OUT}/${program}.1)
    # Offscreen: --help and --version need no display, and the build machine may have none.
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${ATTN_PACKAGING_OUT}
      COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
              ${ATTN_HELP2MAN} --no-info --no-discard-stderr
              --name=${name_${program}}
              --version-string=${PROJECT_VERSION}
              --output=${page} $<TARGET_FILE:${program}>
      DEPENDS ${program} VERBATIM)
    attn_gzip(${page} ${page}.gz)
    list(APPEND ATTN_PACKAGING_FILES ${page}.gz)
    install(FILES ${page}.gz DESTINATION share/man/man1)
  endforeach()
else()
  message(STATUS "help2man not found: no manual pages")
endif()
add_custom_target(packaging_files ALL DEPENDS ${ATTN_PACKAGING_FILES})
install(FILES packaging/copyright ${ATTN_PACKAGING_OUT}/changelog.gz
        DESTINATION share/doc/attention-studio)

set(CPACK_PACKAGE_NAME attention-studio)
set(CPACK_PACKAGE_VENDOR "Attention Studio developers")
set(CPACK_PACKAGE_CONTACT "Attention Studio developers <developers@attentionstudio.org>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch a Transformer learn, layer by layer and head by head")
set(CPACK_PACKAGE_DESCRIPTION
  "Attention Studio sets up the Transformer of “Attention Is All You Need”,
trains it on built-in tasks or on the user's own sentence pairs, and shows
live what it learns: attention heatmaps for every layer and head, Q/K/V
norms, feed-forward activations, gradient flow, embeddings and loss curves.
The training history can be scrubbed moment by moment, any sentence read
stage by stage in the Inspector, and every figure exported as PNG or PDF.
.
attention-train is the same engine without a window: training, evaluation,
benchmarks, inspection, and export of trained models for PyTorch.")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Debian's LibTorch runs on whatever libblas.so.3 is installed; OpenBLAS trains
# several times faster than the reference BLAS. Korean text in the app and
# its figures needs a CJK font; Qt's own dialog buttons take their Korean from
# Qt's translations.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "libopenblas0-openmp | libopenblas0, fonts-noto-cjk, qt6-translations-l10n")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
include(CPack)

# The package, built and checked as Debian would (packaging/check_package.sh),
# where the tools are installed (./setup.sh test installs them).
find_program(ATTN_LINTIAN lintian)
find_program(ATTN_APPSTREAMCLI appstreamcli)
find_program(ATTN_DESKTOP_FILE_VALIDATE desktop-file-validate)
# The package depends on Debian's LibTorch; a build against another LibTorch
# (the PyPI wheel, a download from PyTorch) is not packaged.
if(BUILD_TESTING AND TARGET attention-studio AND NOT ATTN_SANITIZE AND NOT TORCH_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "LibTorch from ${TORCH_INSTALL_PREFIX}: the Debian package check is not a test")
elseif(BUILD_TESTING AND TARGET attention-studio AND NOT ATTN_SANITIZE)
  if(ATTN_HELP2MAN AND ATTN_LINTIAN AND ATTN_APPSTREAMCLI AND ATTN_DESKTOP_FILE_VALIDATE)
    add_test(NAME debian_package
             COMMAND ${PROJECT_SOURCE_DIR}/packaging/check_package.sh ${CMAKE_BINARY_DIR})
    set_tests_properties(debian_package PROPERTIES TIMEOUT 600)
  else()
    message(STATUS "help2man, lintian, appstreamcli or desktop-file-validate not found: "
                   "the package check is not a test (./setup.sh test installs them)")
  endif()
endif()
