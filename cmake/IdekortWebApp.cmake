# How a product becomes a browser app (Emscripten): the link options every product's wasm is
# built with (only the JS features the apps use, docs/BENCHMARKS.md), the JS bridge library,
# and terser over the glue after each link. The capture app (app/capture), the office app
# (app/office) and the wall (app/wall) each call this for their own executable, written as
# idekort.js + idekort.wasm in their own stage folder, so the shell's loader finds them by the
# same names.
function(idekort_web_executable target stage_dir)
  set_target_properties(${target} PROPERTIES SUFFIX ".js" OUTPUT_NAME idekort RUNTIME_OUTPUT_DIRECTORY "${stage_dir}")
  target_link_options(${target} PRIVATE
    -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sALLOW_MEMORY_GROWTH=1
    -sENVIRONMENT=web -sEXIT_RUNTIME=0 -sMALLOC=emmalloc -sFILESYSTEM=0
    # Download size (docs/BENCHMARKS.md): only the JS features the app uses.
    -sTEXTDECODER=2 -sDYNAMIC_EXECUTION=0 -sGL_TRACK_ERRORS=0
    -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0 -sGL_EXTENSIONS_IN_PREFIXED_FORMAT=0
    -sHTML5_SUPPORT_DEFERRING_USER_SENSITIVE_REQUESTS=0
    # Binaryen repeats its -Oz passes until they stop shrinking the wasm (issue 11: -0.4 kB brotli).
    -sBINARYEN_EXTRA_PASSES=--converge
    "-sINCOMING_MODULE_JS_API=[canvas,instantiateWasm,print,printErr,onAbort,noInitialRun,onRuntimeInitialized]"
    "-sEXPORTED_FUNCTIONS=_main,_malloc,_free,_idekort_load_asset_pack,_idekort_db_ready,_idekort_db_result,_idekort_page_hidden,_idekort_items_json,_idekort_state_json,_idekort_text_edit,_idekort_http_result,_idekort_network_changed,_idekort_sync_status_json,_idekort_sync_card_json,_idekort_sync_send_now,_idekort_asset_result,_idekort_a11y_action"
    "-sEXPORTED_RUNTIME_METHODS=ccall,callMain,HEAPU8,UTF8ToString,stringToUTF8,lengthBytesUTF8"
    "--js-library=${PROJECT_SOURCE_DIR}/web/library_idekort.js")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${PROJECT_SOURCE_DIR}/web/library_idekort.js")
  # Debian's Emscripten has no Closure Compiler: terser mangles the glue after each link.
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND "${CMAKE_COMMAND}" -E env NODE_PATH=/usr/share/nodejs node "${PROJECT_SOURCE_DIR}/scripts/minify_js.cjs" "${stage_dir}/idekort.js"
    VERBATIM)
endfunction()

# A second product in the browser beside the capture app (the office under /office/, the wall
# under /wall/): its idekort.js + idekort.wasm are linked into their own stage folder, next to
# copies of the capture app's asset pack, sqlite-wasm and glyphs (the same files), and
# scripts/web_dist.py makes <build>/web/<folder>/ with its own service-worker cache prefix, so
# neither app's worker deletes the other's caches. The capture app's dist replaces <build>/web
# whole, so this one runs after it, every time. The capture app's wasm does not change.
function(idekort_web_product target folder cache_prefix)
  set(stage "${CMAKE_BINARY_DIR}/web-${folder}-stage")
  set(capture_stage "${CMAKE_BINARY_DIR}/web-stage")
  set(info "${CMAKE_BINARY_DIR}/web-${folder}-dist.json")
  idekort_web_executable(${target} "${stage}")
  add_custom_command(OUTPUT "${info}"
    COMMAND "${CMAKE_COMMAND}" -E copy "${capture_stage}/idekort-assets.pack" "${stage}/idekort-assets.pack"
    COMMAND "${CMAKE_COMMAND}" -E copy_directory "${capture_stage}/sqlite" "${stage}/sqlite"
    COMMAND "${CMAKE_COMMAND}" -E copy_directory "${capture_stage}/glyphs" "${stage}/glyphs"
    COMMAND /usr/bin/python3 "${PROJECT_SOURCE_DIR}/scripts/web_dist.py" "${stage}" "${PROJECT_SOURCE_DIR}/web"
            "${CMAKE_BINARY_DIR}/web/${folder}" --info "${info}" --cache-prefix ${cache_prefix}
    DEPENDS ${target} "${CMAKE_BINARY_DIR}/web-dist.json" "${PROJECT_SOURCE_DIR}/scripts/web_dist.py"
    COMMENT "Hashing, precaching and precompressing the ${folder} web app (/${folder}/)"
    VERBATIM)
  add_custom_target(idekort_${folder}_web_dist ALL DEPENDS "${info}")
  add_dependencies(idekort_${folder}_web_dist ${target} idekort_web_dist)
endfunction()
