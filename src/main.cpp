// spotter: one binary with the subcommands serve, migrate, user create-admin and openapi.
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/application.hpp"
#include "coaching/io/analyze_command.hpp"
#include "config/config.hpp"

namespace {

std::string Prompt(const std::string& label, bool secret) {
    std::cerr << label << ": " << std::flush;
    termios saved{};
    bool tty = secret && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string value;
    std::getline(std::cin, value);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    return value;
}

std::string SettingsHelp() {
    std::string text = "Settings (environment variables; a --config file may hold the same KEY=VALUE lines):\n";
    for (const auto& [name, description] : spotter::config::SettingNames()) {
        text += "  " + name + std::string(name.size() < 31 ? 31 - name.size() : 1, ' ') + description + "\n";
    }
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    using spotter::config::Settings;
    CLI::App cli{"Spotter: the training platform for personal trainers, gyms and their members."};
    cli.require_subcommand(1);
    cli.footer(SettingsHelp());
    std::string config_file;
    cli.add_option("-c,--config", config_file, "Read settings from this KEY=VALUE file")->check(CLI::ExistingFile);

    Settings flags;
    auto add_setting = [&flags](CLI::App* command, const std::string& flag, const std::string& key,
                                const std::string& help) {
        command->add_option_function<std::string>(flag, [&flags, key](const std::string& v) { flags[key] = v; }, help);
    };

    auto* serve = cli.add_subcommand("serve", "Apply pending migrations and serve the API and the web app");
    add_setting(serve, "--bind", "SPOTTER_BIND", "host:port to listen on (SPOTTER_BIND)");
    add_setting(serve, "--database-url", "SPOTTER_DATABASE_URL", "sqlite:PATH or postgresql://... (SPOTTER_DATABASE_URL)");
    add_setting(serve, "--media-dir", "SPOTTER_MEDIA_DIR", "folder for uploaded files (SPOTTER_MEDIA_DIR)");
    add_setting(serve, "--web-dir", "SPOTTER_WEB_DIR", "the built web app (SPOTTER_WEB_DIR)");
    add_setting(serve, "--log-level", "SPOTTER_LOG_LEVEL", "trace, debug, info, warn, error (SPOTTER_LOG_LEVEL)");

    auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
    add_setting(migrate, "--database-url", "SPOTTER_DATABASE_URL", "sqlite:PATH or postgresql://...");

    auto* user = cli.add_subcommand("user", "Manage accounts");
    user->require_subcommand(1);
    auto* create_admin = user->add_subcommand(
        "create-admin", "Create an administrator (or promote the account with that e-mail); prompts for what is missing");
    std::string email, password, name;
    create_admin->add_option("--email", email, "the administrator's e-mail address");
    create_admin->add_option("--password", password,
                             "the password (prefer the prompt: a flag stays in the shell history)");
    create_admin->add_option("--name", name, "the display name (default: Administrator)");
    add_setting(create_admin, "--database-url", "SPOTTER_DATABASE_URL", "sqlite:PATH or postgresql://...");

    auto* analyze = cli.add_subcommand("analyze", "Count repetitions and check form in recorded pose landmark files");
    analyze->footer(std::string(spotter::coaching::io::kAnalyzeHelp));
    spotter::coaching::io::AnalyzeArgs analyze_args;
    analyze->add_option("--exercise", analyze_args.exercise, "squat, push_up, ..., plank, or auto");
    analyze->add_option("--fps", analyze_args.fps, "frame rate of files without a time column (default 30)")
        ->check(CLI::PositiveNumber);
    analyze->add_option("--demo", analyze_args.demo, "the trainer's demonstration (landmark file or stored JSON)");
    analyze->add_option("--aspect", analyze_args.aspect, "image width / height of image-normalised input");
    analyze->add_flag("--events", analyze_args.events, "also print every event");
    analyze->add_option("files", analyze_args.files, "landmark files (.csv, .jsonl, .npy; - for standard input)")
        ->required();

    auto* openapi = cli.add_subcommand("openapi", "Print the OpenAPI 3.1 document of this build's API");
    std::string output;
    openapi->add_option("-o,--output", output, "write to this file instead of standard output");

    CLI11_PARSE(cli, argc, argv);

    if (*analyze) return spotter::coaching::io::RunAnalyze(analyze_args, std::cout, std::cerr);

    try {
        std::vector<Settings> layers;
        if (!config_file.empty()) layers.push_back(spotter::config::SettingsFromFile(config_file));
        layers.push_back(spotter::config::SettingsFromEnvironment());
        layers.push_back(flags);
        spotter::config::Config config = spotter::config::LoadConfig(layers);

        if (*serve) return spotter::app::Serve(config, argv[0]);
        if (*migrate) return spotter::app::Migrate(config);
        if (*create_admin) {
            if (email.empty()) email = Prompt("E-mail", false);
            if (name.empty()) name = "Administrator";
            if (password.empty()) {
                password = Prompt("Password", true);
                if (isatty(STDIN_FILENO) && Prompt("Password again", true) != password) {
                    std::cerr << "spotter: the passwords do not match\n";
                    return 2;
                }
            }
            return spotter::app::CreateAdmin(config, email, password, name);
        }
        if (*openapi) return spotter::app::PrintOpenApi(config, output);
    } catch (const spotter::config::ConfigError& e) {
        std::cerr << "spotter: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "spotter: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
