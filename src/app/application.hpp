// File: app/application.hpp
//
// The composition root: builds the configuration, the database, every module's routes, the dispatcher and the
// server, and runs the CLI commands. The only place that knows every module.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "accounts/auth_service.hpp"
#include "accounts/password_hasher.hpp"
#include "accounts/token_service.hpp"
#include "config/config.hpp"
#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "mail/outbox_worker.hpp"
#include "members/member_routes.hpp"
#include "members/member_service.hpp"
#include "workouts/workout_service.hpp"
#include "live/coaching_socket.hpp"
#include "ops/ops_routes.hpp"
#include "site/api_docs.hpp"
#include "site/static_site.hpp"
#include "storage/database.hpp"

namespace spotter::app {

// Everything a running instance holds. Built by Application::Create; routes reference members, so it does not
// move.
class Application {
public:
    // Opens the database, applies migrations, starts the mail worker and registers every route. `database` may be
    // false to build only the route table (for `spotter openapi`). With a database, config.secret_key must be set.
    // `extra_routes`, when given, registers more routes (tests use it for probe endpoints).
    static std::unique_ptr<Application> Create(const config::Config& config, const std::string& executable,
                                               bool database = true,
                                               const std::function<void(http::Router&)>& extra_routes = {});
    ~Application();

    const http::Router& router() const { return router_; }
    const http::Dispatcher& dispatcher() const { return *dispatcher_; }
    storage::Database* database() { return db_.get(); }
    accounts::AuthService* auth() { return auth_.get(); }
    mail::OutboxWorker* mail_worker() { return mail_worker_.get(); }
    // WebSocket endpoints for the server (empty without a database).
    std::vector<std::shared_ptr<http::WebSocketService>> websockets() const;
    std::shared_ptr<std::atomic<bool>> draining() const { return draining_; }
    nlohmann::json ApiDocument() const;

private:
    Application() = default;
    void RegisterRoutes();

    config::Config config_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<accounts::PasswordHasher> hasher_;
    std::unique_ptr<accounts::TokenService> tokens_;
    std::unique_ptr<mail::OutboxWorker> mail_worker_;  // stopped before db_ goes
    std::unique_ptr<accounts::AuthService> auth_;
    std::unique_ptr<members::MemberService> members_;
    members::MemberRoutesDeps member_routes_;
    std::unique_ptr<workouts::WorkoutService> workouts_;
    std::unique_ptr<demonstrations::DemonstrationService> demonstrations_;
    std::shared_ptr<live::CoachingSocketService> coaching_socket_;
    std::shared_ptr<std::atomic<bool>> draining_ = std::make_shared<std::atomic<bool>>(false);
    http::Router router_;
    std::unique_ptr<http::Metrics> metrics_;
    std::unique_ptr<http::Dispatcher> dispatcher_;
    std::unique_ptr<site::StaticSite> site_;
    ops::Deps ops_;
    site::ApiDocs docs_;
};

// Worker threads and pool size derived from the machine when the configuration leaves them at 0.
unsigned EffectiveIoThreads(const config::Config& config);
unsigned EffectiveWorkerThreads(const config::Config& config);

// The server settings that follow from the configuration.
http::ServerOptions ServerOptionsFor(const config::Config& config, const Application& app);

// CLI commands. Each returns the process exit status.
int Serve(const config::Config& config, const std::string& executable);
int Migrate(const config::Config& config);
int CreateAdmin(const config::Config& config, const std::string& email, const std::string& password,
                const std::string& name);
int PrintOpenApi(const config::Config& config, const std::string& output);

void SetupLogging(const std::string& level, bool access_log);

}  // namespace spotter::app
