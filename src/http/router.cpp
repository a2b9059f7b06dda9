#include "http/router.hpp"

#include <stdexcept>

namespace spotter::http {

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
    std::vector<std::string_view> parts;
    if (path.empty() || path.front() != '/') return parts;
    path.remove_prefix(1);
    while (true) {
        auto slash = path.find('/');
        parts.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return parts;
}

bool AllDigits(std::string_view text) {
    if (text.empty() || text.size() > 18) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

Router::Compiled Router::Compile(const std::string& pattern) {
    if (pattern.empty() || pattern.front() != '/') throw std::logic_error("route pattern must start with '/': " + pattern);
    Compiled compiled;
    for (std::string_view part : SplitPath(pattern)) {
        Segment segment;
        if (!part.empty() && part.front() == '{') {
            if (part.back() != '}') throw std::logic_error("malformed parameter in route pattern: " + pattern);
            std::string_view inner = part.substr(1, part.size() - 2);
            auto colon = inner.find(':');
            segment.param = std::string(inner.substr(0, colon));
            if (colon != std::string_view::npos) {
                std::string_view type = inner.substr(colon + 1);
                if (type == "int") {
                    segment.integer = true;
                } else if (type == "path") {
                    segment.rest = true;
                } else {
                    throw std::logic_error("unknown parameter type in " + pattern);
                }
            }
            if (segment.param.empty()) throw std::logic_error("unnamed parameter in route pattern: " + pattern);
        } else {
            segment.literal = std::string(part);
        }
        compiled.segments.push_back(std::move(segment));
    }
    for (std::size_t i = 0; i + 1 < compiled.segments.size(); ++i) {
        if (compiled.segments[i].rest) throw std::logic_error("{name:path} must be the last segment: " + pattern);
    }
    return compiled;
}

bool Router::MatchSegments(const Compiled& compiled, const std::vector<std::string_view>& parts,
                           std::vector<std::pair<std::string, std::string>>* params) {
    bool rest = !compiled.segments.empty() && compiled.segments.back().rest;
    if (rest ? parts.size() < compiled.segments.size() : compiled.segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < compiled.segments.size(); ++i) {
        if (compiled.segments[i].rest) {
            // The remaining segments, each non-empty, joined by '/'.
            for (std::size_t j = i; j < parts.size(); ++j) {
                if (parts[j].empty()) return false;
            }
            break;
        }
        const Segment& segment = compiled.segments[i];
        if (segment.param.empty()) {
            if (segment.literal != parts[i]) return false;
        } else if (segment.integer ? !AllDigits(parts[i]) : parts[i].empty()) {
            return false;
        }
    }
    if (params) {
        params->clear();
        for (std::size_t i = 0; i < compiled.segments.size(); ++i) {
            const Segment& segment = compiled.segments[i];
            if (segment.param.empty()) continue;
            std::string raw(parts[i]);
            if (segment.rest) {
                for (std::size_t j = i + 1; j < parts.size(); ++j) raw += "/" + std::string(parts[j]);
            }
            auto decoded = PercentDecode(raw, false);
            if (!decoded) return false;
            params->emplace_back(segment.param, std::move(*decoded));
        }
    }
    return true;
}

void Router::Add(Route route) {
    Compiled compiled = Compile(route.pattern);
    for (const Route& existing : routes_) {
        if (existing.method == route.method && existing.pattern == route.pattern) {
            throw std::logic_error(std::string("duplicate route ") + MethodName(route.method) + " " + route.pattern);
        }
    }
    routes_.push_back(std::move(route));
    compiled_.push_back(std::move(compiled));
}

Router::Lookup Router::Find(Method method, std::string_view path) const {
    Lookup lookup;
    Method wanted = method == Method::kHead ? Method::kGet : method;
    auto parts = SplitPath(path);
    bool path_known = false;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (!MatchSegments(compiled_[i], parts, nullptr)) continue;
        path_known = true;
        if (routes_[i].method != wanted) continue;
        // A parameter that does not decode (bad %-escape, NUL) matches nothing.
        if (!MatchSegments(compiled_[i], parts, &lookup.params)) return Lookup{};
        lookup.outcome = Outcome::kMatched;
        lookup.route = &routes_[i];
        lookup.index = i;
        return lookup;
    }
    if (path_known) {
        lookup.outcome = Outcome::kMethodNotAllowed;
        lookup.allow = AllowedMethods(path);
        return lookup;
    }
    if (!path.empty() && path.back() != '/') {
        parts.emplace_back();
        for (std::size_t i = 0; i < routes_.size(); ++i) {
            if (MatchSegments(compiled_[i], parts, nullptr)) {
                lookup.outcome = Outcome::kRedirectSlash;
                return lookup;
            }
        }
    }
    return lookup;
}

std::string Router::AllowedMethods(std::string_view path) const {
    auto parts = SplitPath(path);
    std::vector<Method> methods;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (MatchSegments(compiled_[i], parts, nullptr)) methods.push_back(routes_[i].method);
    }
    bool has_get = false;
    for (Method m : methods) has_get = has_get || m == Method::kGet;
    if (has_get) methods.push_back(Method::kHead);
    if (!methods.empty()) methods.push_back(Method::kOptions);
    std::string allow;
    for (Method m : methods) {
        if (!allow.empty()) allow += ", ";
        allow += MethodName(m);
    }
    return allow;
}

std::string OpenApiPath(const std::string& pattern) {
    std::string out;
    out.reserve(pattern.size());
    bool in_param = false;
    bool skipping_type = false;
    for (char c : pattern) {
        if (c == '{') in_param = true;
        if (c == '}') {
            in_param = false;
            skipping_type = false;
        }
        if (in_param && c == ':') skipping_type = true;
        if (!skipping_type) out.push_back(c);
    }
    return out;
}

}  // namespace spotter::http
