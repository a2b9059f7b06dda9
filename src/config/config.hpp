// File: config/config.hpp
//
// Spotter's settings. Sources, lowest priority first: built-in defaults, an optional config file (KEY=VALUE
// lines using the environment names), environment variables, command-line flags. A wrong or missing setting
// makes LoadConfig throw ConfigError with one line that names the setting.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace spotter::config {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Config {
    std::string bind_host = "127.0.0.1";
    std::uint16_t bind_port = 8000;
    std::string database_url = "sqlite:var/spotter.db";
    std::string media_dir = "var/media";
    std::string var_dir = "var";
    std::string secret_key;                 // empty until EnsureSecretKey
    std::vector<std::string> cors_origins;  // exact origins, e.g. "http://localhost:3000"
    std::string smtp_url;                   // empty: mail is written under var/outbox/
    std::string mail_from = "Spotter <no-reply@spotter.localhost>";
    std::string web_dir;                    // empty: found automatically
    std::string log_level = "info";
    bool access_log = true;
    bool production = false;                // SPOTTER_ENV=production: no generated secrets
    unsigned io_threads = 0;                // 0: one per core
    unsigned worker_threads = 0;            // 0: derived from cores
    unsigned db_pool_size = 0;              // 0: same as worker_threads
    unsigned shutdown_grace_seconds = 20;
    unsigned signups_per_address_per_hour = 20;  // members signing up at one gym share its address
};

// Raw KEY -> value settings, e.g. from the environment or flags. Keys are the SPOTTER_* names.
using Settings = std::map<std::string, std::string>;

// The SPOTTER_* variables of the process environment.
Settings SettingsFromEnvironment();
// KEY=VALUE lines; blank lines and lines starting with '#' are ignored; values may be quoted.
Settings SettingsFromFile(const std::string& path);

// Applies `layers` in order (later wins) over the defaults and validates the result.
Config LoadConfig(const std::vector<Settings>& layers);

// Fills config.secret_key when empty: in production that is an error; otherwise a key is generated once and
// kept in <var_dir>/secret_key (mode 0600), and `warning` receives a sentence to log.
void EnsureSecretKey(Config& config, std::string& warning);

// Every setting name Spotter reads, with a one-line description (for --help and the README).
const std::vector<std::pair<std::string, std::string>>& SettingNames();

}  // namespace spotter::config
