# Warnings for our own targets only; third-party code (ImGui, SDL, doctest) is built or
# included as SYSTEM so its warnings never hide ours.
function(idekort_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wno-missing-field-initializers)
endfunction()
