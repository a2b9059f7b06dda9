# Writes OUTPUT, a C++ source holding every migrations/<dialect>/NNNN_name.sql file as a string literal.
# Run at build time (cmake -P) so that editing a migration rebuilds the binary.
file(GLOB sqlite_files "${MIGRATIONS_DIR}/sqlite/*.sql")
file(GLOB postgres_files "${MIGRATIONS_DIR}/postgresql/*.sql")
list(SORT sqlite_files)
list(SORT postgres_files)

function(emit_list var files)
    set(body "")
    foreach(file IN LISTS files)
        get_filename_component(stem "${file}" NAME_WE)
        string(REGEX MATCH "^([0-9]+)_(.+)$" matched "${stem}")
        if(NOT matched)
            message(FATAL_ERROR "migration file ${file} must be named NNNN_name.sql")
        endif()
        math(EXPR version "${CMAKE_MATCH_1}")
        set(name "${CMAKE_MATCH_2}")
        file(READ "${file}" sql)
        string(APPEND body "        {${version}, \"${name}\", R\"spotter_sql(${sql})spotter_sql\"},\n")
    endforeach()
    set(${var} "${body}" PARENT_SCOPE)
endfunction()

emit_list(sqlite_body "${sqlite_files}")
emit_list(postgres_body "${postgres_files}")

set(content "// Generated from migrations/ by cmake/embed_migrations.cmake. Do not edit.
#include \"storage/migrator.hpp\"

namespace spotter::storage {

const std::vector<Migration>& BuiltInMigrations(Dialect dialect) {
    static const std::vector<Migration> kSqlite = {
${sqlite_body}    };
    static const std::vector<Migration> kPostgres = {
${postgres_body}    };
    return dialect == Dialect::kSqlite ? kSqlite : kPostgres;
}

}  // namespace spotter::storage
")
file(WRITE "${OUTPUT}.tmp" "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
