#include "config/config.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/random.hpp"

extern char** environ;

namespace spotter::config {

namespace {

std::string Trim(std::string s) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

unsigned ParseUnsigned(const std::string& name, const std::string& value, unsigned max) {
    unsigned result = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), result);
    if (ec != std::errc() || ptr != value.data() + value.size() || result > max) {
        throw ConfigError(name + ": expected a whole number from 0 to " + std::to_string(max) + ", got '" + value +
                          "'");
    }
    return result;
}

bool ParseBool(const std::string& name, const std::string& value) {
    std::string v = value;
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
    if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
    if (v == "0" || v == "false" || v == "no" || v == "off") return false;
    throw ConfigError(name + ": expected true or false, got '" + value + "'");
}

void ParseBind(const std::string& value, Config& config) {
    auto colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        throw ConfigError("SPOTTER_BIND: expected host:port such as 127.0.0.1:8000, got '" + value + "'");
    }
    std::string host = value.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    config.bind_host = host;
    config.bind_port = static_cast<std::uint16_t>(ParseUnsigned("SPOTTER_BIND port", value.substr(colon + 1), 65535));
}

std::vector<std::string> ParseOrigins(const std::string& value) {
    std::vector<std::string> origins;
    std::stringstream stream(value);
    std::string item;
    while (std::getline(stream, item, ',')) {
        item = Trim(item);
        if (item.empty()) continue;
        bool scheme_ok = item.rfind("http://", 0) == 0 || item.rfind("https://", 0) == 0;
        auto after_scheme = item.find("://") + 3;
        if (!scheme_ok || item.size() <= after_scheme || item.find('/', after_scheme) != std::string::npos) {
            throw ConfigError("SPOTTER_CORS_ORIGINS: each origin must look like https://host[:port] with no path, got '" +
                              item + "'");
        }
        origins.push_back(item);
    }
    return origins;
}

void Apply(const std::string& key, const std::string& value, Config& config) {
    if (key == "SPOTTER_BIND") {
        ParseBind(value, config);
    } else if (key == "SPOTTER_DATABASE_URL") {
        bool ok = (value.rfind("sqlite:", 0) == 0 && value.size() > 7) || value.rfind("postgresql://", 0) == 0 ||
                  value.rfind("postgres://", 0) == 0;
        if (!ok) {
            throw ConfigError("SPOTTER_DATABASE_URL: expected sqlite:PATH or postgresql://user:pass@host:port/db, got '" +
                              value + "'");
        }
        config.database_url = value;
    } else if (key == "SPOTTER_MEDIA_DIR") {
        if (value.empty()) throw ConfigError("SPOTTER_MEDIA_DIR: must not be empty");
        config.media_dir = value;
    } else if (key == "SPOTTER_VAR_DIR") {
        if (value.empty()) throw ConfigError("SPOTTER_VAR_DIR: must not be empty");
        config.var_dir = value;
    } else if (key == "SPOTTER_SECRET_KEY") {
        if (!value.empty() && value.size() < 32) {
            throw ConfigError("SPOTTER_SECRET_KEY: must be at least 32 characters (use 64 random hex digits)");
        }
        config.secret_key = value;
    } else if (key == "SPOTTER_CORS_ORIGINS") {
        config.cors_origins = ParseOrigins(value);
    } else if (key == "SPOTTER_SMTP_URL") {
        if (!value.empty() && value.rfind("smtp://", 0) != 0 && value.rfind("smtps://", 0) != 0) {
            throw ConfigError("SPOTTER_SMTP_URL: expected smtp://host:port or smtps://user:pass@host:465, got '" +
                              value + "'");
        }
        config.smtp_url = value;
    } else if (key == "SPOTTER_MAIL_FROM") {
        if (value.find('@') == std::string::npos) {
            throw ConfigError("SPOTTER_MAIL_FROM: expected an address such as 'Spotter <no-reply@example.com>'");
        }
        config.mail_from = value;
    } else if (key == "SPOTTER_WEB_DIR") {
        config.web_dir = value;
    } else if (key == "SPOTTER_LOG_LEVEL") {
        static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "critical", "off"};
        if (!kLevels.count(value)) {
            throw ConfigError("SPOTTER_LOG_LEVEL: expected one of trace, debug, info, warn, error, critical, off; got '" +
                              value + "'");
        }
        config.log_level = value;
    } else if (key == "SPOTTER_ACCESS_LOG") {
        config.access_log = ParseBool(key, value);
    } else if (key == "SPOTTER_ENV") {
        if (value != "production" && value != "development") {
            throw ConfigError("SPOTTER_ENV: expected production or development, got '" + value + "'");
        }
        config.production = value == "production";
    } else if (key == "SPOTTER_IO_THREADS") {
        config.io_threads = ParseUnsigned(key, value, 256);
    } else if (key == "SPOTTER_WORKER_THREADS") {
        config.worker_threads = ParseUnsigned(key, value, 1024);
    } else if (key == "SPOTTER_DB_POOL_SIZE") {
        config.db_pool_size = ParseUnsigned(key, value, 1024);
    } else if (key == "SPOTTER_SHUTDOWN_GRACE_SECONDS") {
        config.shutdown_grace_seconds = ParseUnsigned(key, value, 3600);
    } else if (key == "SPOTTER_SIGNUPS_PER_ADDRESS_PER_HOUR") {
        config.signups_per_address_per_hour = ParseUnsigned(key, value, 100000);
        if (config.signups_per_address_per_hour == 0) throw ConfigError(key + ": must be at least 1");
    } else {
        throw ConfigError(key + ": unknown setting (see `spotter serve --help` for the list)");
    }
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& SettingNames() {
    static const std::vector<std::pair<std::string, std::string>> kNames = {
        {"SPOTTER_BIND", "host:port to listen on (default 127.0.0.1:8000)"},
        {"SPOTTER_DATABASE_URL", "sqlite:PATH (default sqlite:var/spotter.db) or postgresql://user:pass@host:port/db"},
        {"SPOTTER_MEDIA_DIR", "where uploaded files are kept (default var/media)"},
        {"SPOTTER_VAR_DIR", "where generated local state is kept (default var)"},
        {"SPOTTER_SECRET_KEY", "token signing key, 32+ characters (development: generated under var/)"},
        {"SPOTTER_CORS_ORIGINS", "comma-separated origins allowed to call the API from a browser"},
        {"SPOTTER_SMTP_URL", "smtp://host:port or smtps://user:pass@host:465 (empty: mail saved under var/outbox/)"},
        {"SPOTTER_MAIL_FROM", "sender of Spotter's e-mail"},
        {"SPOTTER_WEB_DIR", "the built web app (default: found next to the binary or in web/dist)"},
        {"SPOTTER_LOG_LEVEL", "trace, debug, info (default), warn, error, critical or off"},
        {"SPOTTER_ACCESS_LOG", "log one JSON line per request (default true)"},
        {"SPOTTER_ENV", "development (default) or production"},
        {"SPOTTER_IO_THREADS", "network threads (default: one per core)"},
        {"SPOTTER_WORKER_THREADS", "threads for blocking work such as database calls (default: 4 per core, at least 8)"},
        {"SPOTTER_DB_POOL_SIZE", "database connections (default: as many as worker threads)"},
        {"SPOTTER_SHUTDOWN_GRACE_SECONDS", "how long in-flight requests may finish after SIGTERM (default 20)"},
        {"SPOTTER_SIGNUPS_PER_ADDRESS_PER_HOUR",
         "sign-ups allowed from one network address per hour (default 20; raise it for a gym's front desk)"},
    };
    return kNames;
}

Settings SettingsFromEnvironment() {
    Settings settings;
    for (char** entry = environ; entry && *entry; ++entry) {
        std::string_view line(*entry);
        if (line.rfind("SPOTTER_", 0) != 0) continue;
        auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        std::string key(line.substr(0, eq));
        // Variables used only by the test harness are not settings.
        if (key.rfind("SPOTTER_TEST_", 0) == 0 || key == "SPOTTER_BIN") continue;
        settings[key] = std::string(line.substr(eq + 1));
    }
    return settings;
}

Settings SettingsFromFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError("config file " + path + ": cannot be read");
    Settings settings;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        line = Trim(line);
        if (line.empty() || line[0] == '#') continue;
        auto eq = line.find('=');
        if (eq == std::string::npos) {
            throw ConfigError("config file " + path + " line " + std::to_string(number) + ": expected KEY=VALUE");
        }
        std::string key = Trim(line.substr(0, eq));
        std::string value = Trim(line.substr(eq + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
        }
        settings[key] = value;
    }
    return settings;
}

Config LoadConfig(const std::vector<Settings>& layers) {
    Settings merged;
    for (const auto& layer : layers) {
        for (const auto& [key, value] : layer) merged[key] = value;
    }
    Config config;
    for (const auto& [key, value] : merged) Apply(key, value, config);
    return config;
}

void EnsureSecretKey(Config& config, std::string& warning) {
    if (!config.secret_key.empty()) return;
    if (config.production) {
        throw ConfigError("SPOTTER_SECRET_KEY: required when SPOTTER_ENV=production (use 64 random hex digits)");
    }
    namespace fs = std::filesystem;
    fs::path path = fs::path(config.var_dir) / "secret_key";
    std::error_code ec;
    if (fs::exists(path, ec)) {
        std::ifstream in(path);
        std::string key;
        std::getline(in, key);
        key = Trim(key);
        if (key.size() < 32) throw ConfigError("SPOTTER_SECRET_KEY: " + path.string() + " holds a key that is too short");
        config.secret_key = key;
        warning = "SPOTTER_SECRET_KEY is not set; using the development key kept in " + path.string();
        return;
    }
    fs::create_directories(config.var_dir, ec);
    if (ec) throw ConfigError("SPOTTER_VAR_DIR: cannot create " + config.var_dir + ": " + ec.message());
    std::string key = RandomHex(32);
    {
        std::ofstream out(path, std::ios::trunc);
        if (!out) throw ConfigError("SPOTTER_SECRET_KEY: cannot write " + path.string());
        out << key << '\n';
    }
    ::chmod(path.c_str(), 0600);
    config.secret_key = key;
    warning = "SPOTTER_SECRET_KEY is not set; generated a development key in " + path.string() +
              " (set SPOTTER_SECRET_KEY in production)";
}

}  // namespace spotter::config
