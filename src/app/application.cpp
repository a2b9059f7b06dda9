#include "app/application.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "accounts/admin.hpp"
#include "common/time_zone.hpp"
#include "accounts/auth_routes.hpp"
#include "mail/outbox.hpp"
#include "media/image_store.hpp"
#include "media/media_files.hpp"
#include "media/media_routes.hpp"
#include "media/upload.hpp"
#include "demonstrations/demonstration_routes.hpp"
#include "workouts/workout_routes.hpp"
#include "mail/sender.hpp"
#include "http/openapi.hpp"
#include "http/server.hpp"
#include "storage/migrator.hpp"

#ifndef SPOTTER_VERSION
#define SPOTTER_VERSION "0.0.0"
#endif

namespace spotter::app {

namespace {

const char* kApiDescription =
    "Spotter: the training platform for personal trainers, gyms and their members. "
    "Errors use RFC 9457 problem details (`application/problem+json`) and also carry the `success`, `message`, "
    "`errors` and `code` keys that TrainMate clients read.";

// Access-log lines go to standard output through stdio's buffer (flushed every second and at exit), unlike
// spdlog's stdout sink, which flushes after every line. Works whatever stdout is: terminal, pipe, socket, file.
class BufferedStdoutSink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(message, formatted);
        std::fwrite(formatted.data(), 1, formatted.size(), stdout);
    }
    void flush_() override { std::fflush(stdout); }
};

}  // namespace

unsigned EffectiveIoThreads(const config::Config& config) {
    if (config.io_threads) return config.io_threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

unsigned EffectiveWorkerThreads(const config::Config& config) {
    if (config.worker_threads) return config.worker_threads;
    return std::max(8u, 4 * std::max(1u, std::thread::hardware_concurrency()));
}

void SetupLogging(const std::string& level, bool access_log) {
    static bool done = false;
    if (!done) {
        auto logger = spdlog::stderr_color_mt("spotter");
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
        spdlog::set_default_logger(logger);
        if (access_log) {
            // Buffered writes to standard output, flushed every second (and at exit): no syscall, queue or thread
            // wake-up per request. Measured: an async logger cost ~15% of /healthz throughput in wake-ups.
            auto sink = std::make_shared<BufferedStdoutSink>();
            auto access = std::make_shared<spdlog::logger>("access", sink);
            access->set_pattern("%v");
            access->flush_on(spdlog::level::err);
            spdlog::register_logger(access);
            spdlog::flush_every(std::chrono::seconds(1));
        }
        done = true;
    }
    spdlog::default_logger()->set_level(spdlog::level::from_str(level));
    // Access lines are info-level: SPOTTER_LOG_LEVEL=warn silences them too.
    if (auto access = spdlog::get("access")) access->set_level(spdlog::level::from_str(level));
}

std::unique_ptr<Application> Application::Create(const config::Config& config, const std::string& executable,
                                                 bool database,
                                                 const std::function<void(http::Router&)>& extra_routes) {
    std::unique_ptr<Application> app(new Application());
    app->config_ = config;
    if (database) {
        std::size_t pool = config.db_pool_size ? config.db_pool_size : EffectiveWorkerThreads(config);
        app->db_ = storage::Database::Open(config.database_url, pool);
        auto report = storage::Migrate(*app->db_);
        for (int version : report.applied) spdlog::info("applied migration {}", version);
        spdlog::info("database {} at schema version {}", app->db_->url_for_logs(), report.current_version);
        if (config.secret_key.empty()) throw config::ConfigError("SPOTTER_SECRET_KEY: not set");

        mail::OutboxWorkerOptions mail_options;
        mail_options.from = config.mail_from;
        app->mail_worker_ = std::make_unique<mail::OutboxWorker>(
            *app->db_, mail::MakeSender(config.smtp_url, config.mail_from, config.var_dir), mail_options);
        app->mail_worker_->Start();
        auto* worker = app->mail_worker_.get();

        app->hasher_ = std::make_unique<accounts::PasswordHasher>();
        app->tokens_ = std::make_unique<accounts::TokenService>(config.secret_key);
        app->auth_ = std::make_unique<accounts::AuthService>(
            *app->db_, *app->hasher_, *app->tokens_, config.secret_key,
            [](storage::Tx& tx, const std::string& to, const std::string& subject, const std::string& text) {
                mail::Enqueue(tx, mail::Message{to, subject, text});
            },
            [worker] { worker->Wake(); },
            [&config] {
                accounts::AuthLimits limits;
                limits.signups_per_address = static_cast<int>(config.signups_per_address_per_hour);
                return limits;
            }());
        media::InitImaging();
        app->members_ = std::make_unique<members::MemberService>(*app->db_);
        app->workouts_ = std::make_unique<workouts::WorkoutService>(*app->db_);
        app->demonstrations_ = std::make_unique<demonstrations::DemonstrationService>(*app->db_, config.media_dir);
        auto* workouts = app->workouts_.get();
        app->member_routes_.workout_records = [workouts](const http::Principal& caller, std::int64_t member_id) {
            return workouts::MemberDetailRecords(*workouts, caller, member_id);
        };
        app->member_routes_.records_version_in_memory = [workouts](const http::Principal& caller,
                                                                   std::int64_t member_id) {
            return workouts->RecordsVersionInMemory(caller, member_id);
        };
        // A weigh-in changes the calories of the member's sets of that day (documented in docs/ARCHITECTURE.md).
        app->members_->SetWeightChanged([workouts](storage::Tx& tx, const members::Profile& profile, std::int64_t now) {
            workouts->RecomputeDayCalories(tx, profile.id, LocalDate(now, profile.time_zone), profile.weight_kg, now);
        });
    }
    app->member_routes_.service = app->members_.get();
    std::string media_dir = config.media_dir;
    app->member_routes_.store_photo = [media_dir](const http::Request& request) {
        auto stored = media::StoreImage(media_dir, "profiles", media::UploadedBytes(request, {"image", "profile_image"}));
        return std::pair{stored.display.path, stored.thumbnail.path};
    };
    app->member_routes_.delete_media = [media_dir](const std::string& path) {
        try {
            media::DeleteStored(media_dir, path);
        } catch (const std::exception& e) {
            spdlog::warn("could not delete media file {}: {}", path, e.what());
        }
    };
    if (app->auth_ && app->workouts_) {
        app->coaching_socket_ = std::make_shared<live::CoachingSocketService>(
            *app->auth_, *app->workouts_, *app->demonstrations_, config.cors_origins);
    }
    app->site_ = std::make_unique<site::StaticSite>(site::LocateWebDir(config.web_dir, executable));
    app->ops_.db = app->db_.get();
    app->ops_.draining = app->draining_;
    app->RegisterRoutes();
    if (extra_routes) extra_routes(app->router_);

    std::vector<std::string> labels;
    for (const auto& route : app->router_.routes()) {
        labels.push_back(std::string(http::MethodName(route.method)) + " " + route.pattern);
    }
    app->metrics_ = std::make_unique<http::Metrics>(std::move(labels));
    if (auto* db = app->db_.get()) {
        app->metrics_->AddGauge({"spotter_db_pool_size", "Database connections in the pool.",
                                 [db] { return static_cast<double>(db->Stats().size); }});
        app->metrics_->AddGauge({"spotter_db_pool_in_use", "Database connections leased now.",
                                 [db] { return static_cast<double>(db->Stats().in_use); }});
        app->metrics_->AddGauge({"spotter_db_pool_wait_timeouts", "Requests that found no free connection in time.",
                                 [db] { return static_cast<double>(db->Stats().wait_timeouts_total); }});
        auto* worker = app->mail_worker_.get();
        app->metrics_->AddGauge({"spotter_mail_outbox_pending", "E-mails waiting to be sent.",
                                 [worker] { return static_cast<double>(worker->Stats().pending); }});
    }
    app->ops_.metrics = app->metrics_.get();
    app->docs_.schema_json = std::make_shared<const std::string>(
        app->ApiDocument().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));

    http::DispatchOptions options;
    options.cors_origins = config.cors_origins;
    if (config.access_log) options.access_log = spdlog::get("access");
    app->dispatcher_ = std::make_unique<http::Dispatcher>(app->router_, *app->metrics_, options);
    app->dispatcher_->SetFallback([site = app->site_.get()](http::Request& request) { return site->Serve(request); });
    if (app->auth_) app->dispatcher_->SetAuthenticator(accounts::MakeAuthenticator(*app->auth_));
    if (app->auth_) app->dispatcher_->SetQuickAuthenticator(accounts::MakeQuickAuthenticator(*app->auth_));
    return app;
}

std::vector<std::shared_ptr<http::WebSocketService>> Application::websockets() const {
    std::vector<std::shared_ptr<http::WebSocketService>> out;
    if (coaching_socket_) out.push_back(coaching_socket_);
    return out;
}

Application::~Application() {
    if (mail_worker_) mail_worker_->Stop();
}

void Application::RegisterRoutes() {
    ops::Register(router_, ops_);
    site::RegisterApiDocs(router_, docs_);
    accounts::RegisterAuthRoutes(router_, auth_.get());
    members::RegisterMemberRoutes(router_, member_routes_);
    workouts::RegisterWorkoutRoutes(router_, workouts_.get());
    live::RegisterCoachingRoutes(router_);
    demonstrations::RegisterDemonstrationRoutes(router_, demonstrations_.get());
    media::RegisterMediaRoutes(router_, config_.media_dir);
}

nlohmann::json Application::ApiDocument() const {
    return http::BuildOpenApi(router_, {"Spotter API", SPOTTER_VERSION, kApiDescription});
}

http::ServerOptions ServerOptionsFor(const config::Config& config, const Application& app) {
    http::ServerOptions options;
    options.host = config.bind_host;
    options.port = config.bind_port;
    options.io_threads = EffectiveIoThreads(config);
    options.worker_threads = EffectiveWorkerThreads(config);
    options.shutdown_grace = std::chrono::seconds(config.shutdown_grace_seconds);
    options.draining = app.draining();
    options.websockets = app.websockets();
    return options;
}

int Serve(const config::Config& config_in, const std::string& executable) {
    config::Config config = config_in;
    SetupLogging(config.log_level, config.access_log);
    std::string warning;
    config::EnsureSecretKey(config, warning);
    if (!warning.empty()) spdlog::warn("{}", warning);
    std::error_code ec;
    std::filesystem::create_directories(config.media_dir, ec);
    if (ec) throw config::ConfigError("SPOTTER_MEDIA_DIR: cannot create " + config.media_dir + ": " + ec.message());

    auto app = Application::Create(config, executable);
    http::ServerOptions options = ServerOptionsFor(config, *app);
    http::Server server(options, app->dispatcher());
    server.Listen();
    std::string base = "http://" + config.bind_host + ":" + std::to_string(server.port());
    spdlog::info("Spotter {} is serving {} ({} network threads, {} workers)", SPOTTER_VERSION, base, options.io_threads,
                 options.worker_threads);
    spdlog::info("open {}/ for the app and {}/api/docs/ for the API documentation", base, base);
    spdlog::info("create an administrator with: spotter user create-admin --email you@example.com");
    server.Run(/*handle_signals=*/true);
    spdlog::info("stopped");
    spdlog::shutdown();
    return 0;
}

int Migrate(const config::Config& config) {
    SetupLogging(config.log_level, false);
    auto db = storage::Database::Open(config.database_url, 1);
    auto report = storage::Migrate(*db);
    if (report.applied.empty()) {
        std::cout << "database is up to date at schema version " << report.current_version << "\n";
    } else {
        std::cout << "applied " << report.applied.size() << " migration(s); schema version is now "
                  << report.current_version << "\n";
    }
    return 0;
}

int CreateAdmin(const config::Config& config, const std::string& email, const std::string& password,
                const std::string& name) {
    SetupLogging(config.log_level, false);
    auto db = storage::Database::Open(config.database_url, 1);
    storage::Migrate(*db);
    accounts::PasswordHasher hasher;
    auto result = accounts::CreateAdmin(*db, hasher, email, password, name);
    if (!result) {
        std::cerr << "spotter: " << result.error().detail << "\n";
        for (const auto& [field, messages] : result.error().fields) {
            for (const auto& message : messages) std::cerr << "  " << field << ": " << message << "\n";
        }
        return 2;
    }
    std::cout << (result->promoted ? "promoted existing account " : "created administrator ") << email << " (id "
              << result->id << ")\n";
    return 0;
}

int PrintOpenApi(const config::Config& config, const std::string& output) {
    SetupLogging("warn", false);
    auto app = Application::Create(config, "", /*database=*/false);
    std::string text = app->ApiDocument().dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    if (output.empty() || output == "-") {
        std::cout << text << "\n";
    } else {
        std::ofstream out(output, std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write " + output);
        out << text << "\n";
    }
    return 0;
}

}  // namespace spotter::app
