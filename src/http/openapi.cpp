#include "http/openapi.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/error.hpp"

namespace spotter::http {

using nlohmann::json;

namespace {

std::string LowerMethod(Method method) {
    std::string name = MethodName(method);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    return name;
}

nlohmann::json ProblemSchema() {
    return {
        {"type", "object"},
        {"description",
         "RFC 9457 problem details. `success`, `message`, `errors` and `code` are kept for TrainMate clients."},
        {"required", {"type", "title", "status", "detail", "success", "message", "code"}},
        {"properties",
         {{"type", {{"type", "string"}, {"description", "A URN naming the kind of problem"}}},
          {"title", {{"type", "string"}}},
          {"status", {{"type", "integer"}}},
          {"detail", {{"type", "string"}, {"description", "What went wrong, for a person"}}},
          {"instance", {{"type", "string"}}},
          {"request_id", {{"type", "string"}}},
          {"code", {{"type", "string"}, {"description", "A stable machine-readable code"}}},
          {"success", {{"type", "boolean"}, {"const", false}}},
          {"message", {{"type", "string"}}},
          {"errors",
           {{"type", "object"},
            {"description", "Messages by field name"},
            {"additionalProperties", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}}},
    };
}

nlohmann::json ResponseObject(const std::string& status, const nlohmann::json& spec) {
    nlohmann::json response = {{"description", spec.value("description", std::string("Response"))}};
    if (spec.contains("schema")) {
        std::string media = spec.value("media_type", std::string("application/json"));
        response["content"] = {{media, {{"schema", spec["schema"]}}}};
    } else if (!status.empty() && (status[0] == '4' || status[0] == '5')) {
        response["content"] = {
            {"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}};
    }
    if (spec.contains("headers")) response["headers"] = spec["headers"];
    return response;
}

}  // namespace

nlohmann::json BuildOpenApi(const Router& router, const ApiInfo& info) {
    nlohmann::json doc = {
        {"openapi", "3.1.0"},
        {"info",
         {{"title", info.title},
          {"version", info.version},
          {"description", info.description},
          {"license", {{"name", "Proprietary"}, {"identifier", "LicenseRef-Spotter"}}},
          {"contact", {{"name", "Spotter"}}}}},
        {"servers", {{{"url", "/"}, {"description", "This server"}}}},
        {"paths", nlohmann::json::object()},
        {"components",
         {{"schemas", {{"Problem", ProblemSchema()}}},
          {"securitySchemes",
           {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}}},
    };
    std::set<std::string> tags;
    for (const Route& route : router.routes()) {
        if (!route.documented) continue;
        std::string path = OpenApiPath(route.pattern);
        nlohmann::json op = {{"operationId", route.operation_id}, {"summary", route.doc.summary}};
        if (!route.doc.description.empty()) op["description"] = route.doc.description;
        if (!route.doc.tags.empty()) {
            op["tags"] = route.doc.tags;
            tags.insert(route.doc.tags.begin(), route.doc.tags.end());
        }
        if (route.doc.deprecated) op["deprecated"] = true;

        nlohmann::json parameters = nlohmann::json::array();
        for (std::size_t pos = route.pattern.find('{'); pos != std::string::npos; pos = route.pattern.find('{', pos + 1)) {
            auto end = route.pattern.find('}', pos);
            std::string inner = route.pattern.substr(pos + 1, end - pos - 1);
            auto colon = inner.find(':');
            bool integer = colon != std::string::npos && inner.substr(colon + 1) == "int";
            std::string name = inner.substr(0, colon);
            nlohmann::json schema = integer ? nlohmann::json{{"type", "integer"}, {"minimum", 0}}
                                            : nlohmann::json{{"type", "string"}};
            parameters.push_back({{"name", name}, {"in", "path"}, {"required", true}, {"schema", schema}});
        }
        for (const QueryDoc& query : route.doc.query) {
            nlohmann::json parameter = {
                {"name", query.name}, {"in", "query"}, {"required", query.required}, {"schema", query.schema}};
            if (!query.description.empty()) parameter["description"] = query.description;
            parameters.push_back(parameter);
        }
        if (!parameters.empty()) op["parameters"] = parameters;

        if (!route.doc.request_body.is_null()) {
            // A body schema may name its media types: {"content": {"multipart/form-data": {...}, ...}}.
            if (route.doc.request_body.contains("content")) {
                json content = json::object();
                for (const auto& [media, schema] : route.doc.request_body["content"].items()) {
                    content[media] = {{"schema", schema}};
                }
                op["requestBody"] = {{"required", true}, {"content", content}};
            } else {
                op["requestBody"] = {{"required", true},
                                     {"content", {{"application/json", {{"schema", route.doc.request_body}}}}}};
            }
        }

        nlohmann::json responses = nlohmann::json::object();
        for (const auto& [status, spec] : route.doc.responses.items()) responses[status] = ResponseObject(status, spec);
        if (route.access != Access::kPublic) {
            op["security"] = {{{"bearerAuth", nlohmann::json::array()}}};
            if (!responses.contains("401")) responses["401"] = ResponseObject("401", {{"description", "Not signed in"}});
            if (route.access != Access::kAuthenticated && !responses.contains("403")) {
                responses["403"] = ResponseObject("403", {{"description", "Signed in with a role that may not do this"}});
            }
        } else {
            op["security"] = nlohmann::json::array();
        }
        if (responses.empty()) responses["200"] = {{"description", "OK"}};
        op["responses"] = responses;
        doc["paths"][path][LowerMethod(route.method)] = op;
    }
    nlohmann::json tag_list = nlohmann::json::array();
    for (const auto& tag : tags) tag_list.push_back({{"name", tag}});
    doc["tags"] = tag_list;
    return doc;
}

}  // namespace spotter::http
