// GET /media/{file:path}: headers, ETag/304, Range (206, suffix, 416), path traversal, through the dispatcher;
// then the wiring a profile-image endpoint will use, end to end over HTTP on the real server.
#include "media/media_routes.hpp"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include <filesystem>
#include <fstream>

#include "http/dispatcher.hpp"
#include "http/openapi.hpp"
#include "media/image_store.hpp"
#include "media/upload.hpp"
#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace spotter::media {
namespace {

namespace fs = std::filesystem;
using http::Method;
using http::Response;

std::string HeaderOf(const Response& response, const std::string& name) {
    std::string found;
    for (const auto& [key, value] : response.headers) {
        if (key == name) found = value;
    }
    return found;
}

// What the server sends: the file slice of a media response, or the body of any other.
std::string BodyOf(const Response& response) {
    if (!response.file) return response.body;
    std::string out(response.file->length(), '\0');
    out.resize(response.file->Read(0, out.data(), out.size()));
    return out;
}

std::string Pattern(std::size_t size) {
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>('a' + i % 26);
    return out;
}

class MediaRoutesTest : public ::testing::Test {
protected:
    MediaRoutesTest() {
        media_ = temp_.path() + "/media";
        fs::create_directories(media_ + "/profiles");
        fs::create_directories(media_ + "/videos");
        Write("profiles/0123456789abcdef0123456789abcdef.webp", Pattern(1000));
        Write("videos/clip.mp4", Pattern(10000));
        Write("videos/empty.webm", "");
        Write("profiles/.hidden.webp", "hidden");
        Write("profiles/notes.txt", "text");
        Write("profiles/page.html", "<script>alert(1)</script>");
        std::ofstream(temp_.path() + "/secret.webp") << "outside";
        RegisterMediaRoutes(router_, media_);
        metrics_ = std::make_unique<http::Metrics>(std::vector<std::string>{"media"});
        dispatcher_ = std::make_unique<http::Dispatcher>(router_, *metrics_, http::DispatchOptions{});
    }

    void Write(const std::string& relative, const std::string& content) {
        std::ofstream(media_ + "/" + relative, std::ios::binary) << content;
    }

    Response Send(const std::string& path, http::Headers headers = {}, Method method = Method::kGet) {
        http::Request request;
        request.method = method;
        request.path = path;
        request.headers = std::move(headers);
        auto prepared = dispatcher_->Prepare(method, request.path);
        return dispatcher_->Handle(request, prepared);
    }

    void ExpectNotFound(const std::string& path) {
        Response response = Send(path);
        EXPECT_EQ(response.status, 404) << path;
        EXPECT_EQ(response.content_type, "application/problem+json; charset=utf-8") << path;
        EXPECT_EQ(response.body.find("outside"), std::string::npos);
        EXPECT_EQ(response.body.find("<script>"), std::string::npos);
    }

    testing::TempDir temp_;
    std::string media_;
    http::Router router_;
    std::unique_ptr<http::Metrics> metrics_;
    std::unique_ptr<http::Dispatcher> dispatcher_;
};

const char* const kImage = "/media/profiles/0123456789abcdef0123456789abcdef.webp";

TEST_F(MediaRoutesTest, ServesTheFileWithSafeHeaders) {
    Response response = Send(kImage);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(BodyOf(response), Pattern(1000));
    EXPECT_EQ(response.content_type, "image/webp");
    EXPECT_EQ(HeaderOf(response, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");  // added by the dispatcher
    EXPECT_EQ(HeaderOf(response, "Content-Security-Policy"), "default-src 'none'; sandbox");
    EXPECT_EQ(HeaderOf(response, "Accept-Ranges"), "bytes");
    EXPECT_EQ(HeaderOf(response, "Content-Encoding"), "");
    std::string etag = HeaderOf(response, "ETag");
    EXPECT_TRUE(etag.size() > 2 && etag.front() == '"' && etag.back() == '"') << etag;

    Response video = Send("/media/videos/clip.mp4");
    EXPECT_EQ(video.status, 200);
    EXPECT_EQ(video.content_type, "video/mp4");
    EXPECT_EQ(BodyOf(video).size(), 10000u);
    EXPECT_EQ(Send("/media/videos/empty.webm").status, 200);

    Response head = Send(kImage, {}, Method::kHead);
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.PayloadSize(), 1000u);  // the server sends the length, not the body
}

TEST_F(MediaRoutesTest, ConditionalRequests) {
    std::string etag = HeaderOf(Send(kImage), "ETag");
    for (const std::string& value : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
        Response response = Send(kImage, {{"if-none-match", value}});
        EXPECT_EQ(response.status, 304) << value;
        EXPECT_EQ(response.PayloadSize(), 0u);
        EXPECT_EQ(HeaderOf(response, "ETag"), etag);
        EXPECT_EQ(HeaderOf(response, "Cache-Control"), "public, max-age=31536000, immutable");
    }
    EXPECT_EQ(Send(kImage, {{"if-none-match", "\"other\""}}).status, 200);
    // If-Range: the range only while the file is the one the client has.
    EXPECT_EQ(Send(kImage, {{"range", "bytes=0-9"}, {"if-range", etag}}).status, 206);
    Response changed = Send(kImage, {{"range", "bytes=0-9"}, {"if-range", "\"old\""}});
    EXPECT_EQ(changed.status, 200);
    EXPECT_EQ(BodyOf(changed).size(), 1000u);
}

TEST_F(MediaRoutesTest, RangeRequests) {
    const std::string all = Pattern(10000);
    struct Case {
        std::string range;
        int status;
        std::uint64_t first, last;
    };
    for (const Case& c : std::vector<Case>{{"bytes=0-99", 206, 0, 99},
                                           {"bytes=9990-", 206, 9990, 9999},
                                           {"bytes=-5", 206, 9995, 9999},
                                           {"bytes=-20000", 206, 0, 9999},  // longer than the file: all of it
                                           {"bytes=500-99999", 206, 500, 9999},
                                           {"BYTES=7-7", 206, 7, 7},
                                           {"bytes=0-", 206, 0, 9999}}) {
        Response response = Send("/media/videos/clip.mp4", {{"range", c.range}});
        ASSERT_EQ(response.status, c.status) << c.range;
        EXPECT_EQ(BodyOf(response), all.substr(c.first, c.last - c.first + 1)) << c.range;
        EXPECT_EQ(HeaderOf(response, "Content-Range"),
                  "bytes " + std::to_string(c.first) + "-" + std::to_string(c.last) + "/10000")
            << c.range;
        EXPECT_EQ(response.content_type, "video/mp4");
        EXPECT_EQ(HeaderOf(response, "Accept-Ranges"), "bytes");
    }
    // Several ranges, another unit or nonsense: the whole file, as the RFC allows.
    for (const char* ignored : {"bytes=0-1,5-6", "items=0-5", "bytes=5-2", "bytes=abc", "bytes=", "bytes=--5"}) {
        Response response = Send("/media/videos/clip.mp4", {{"range", ignored}});
        EXPECT_EQ(response.status, 200) << ignored;
        EXPECT_EQ(BodyOf(response).size(), 10000u) << ignored;
        EXPECT_EQ(HeaderOf(response, "Content-Range"), "") << ignored;
    }
    // Outside the file: 416 with the size.
    for (const char* outside : {"bytes=10000-", "bytes=10000-10005", "bytes=-0"}) {
        Response response = Send("/media/videos/clip.mp4", {{"range", outside}});
        EXPECT_EQ(response.status, 416) << outside;
        EXPECT_EQ(HeaderOf(response, "Content-Range"), "bytes */10000") << outside;
        EXPECT_EQ(response.content_type, "application/problem+json; charset=utf-8");
        EXPECT_NE(response.body.find("\"status\":416"), std::string::npos) << response.body;
    }
    Response empty = Send("/media/videos/empty.webm", {{"range", "bytes=0-"}});
    EXPECT_EQ(empty.status, 416);
    EXPECT_EQ(HeaderOf(empty, "Content-Range"), "bytes */0");
}

TEST(MediaRanges, LongRangesAreCapped) {
    const std::uint64_t size = 100 * kMaxRangeBytes;
    RangeRequest open = ParseRange("bytes=10-", size);
    EXPECT_EQ(open.kind, RangeRequest::Kind::kRange);
    EXPECT_EQ(open.first, 10u);
    EXPECT_EQ(open.last, 10 + kMaxRangeBytes - 1);
    RangeRequest huge = ParseRange("bytes=0-99999999999999999999", size);  // does not fit 64 bits: ignored
    EXPECT_EQ(huge.kind, RangeRequest::Kind::kWhole);
    EXPECT_EQ(ParseRange("bytes=0-18446744073709551615", size).last, kMaxRangeBytes - 1);
}

TEST_F(MediaRoutesTest, PathTraversalAndHiddenFilesAre404) {
    for (const char* path :
         {"/media/../secret.webp", "/media/profiles/../../secret.webp", "/media/%2e%2e/secret.webp",
          "/media/profiles%2f..%2f..%2fsecret.webp", "/media/..%5csecret.webp", "/media/profiles/%00.webp",
          "/media/profiles/.hidden.webp", "/media/profiles/%2ehidden.webp",
          "/media/./profiles/0123456789abcdef0123456789abcdef.webp", "/media/profiles/notes.txt",
          "/media/profiles/page.html", "/media/profiles", "/media/profiles/missing.webp", "/media/escape/secret.webp",
          "/media/link.webp", "/media/%2fetc%2fpasswd"}) {
        ExpectNotFound(path);
    }
    // Symbolic links out of the media folder are not followed, as a folder or as the file.
    fs::create_directory_symlink(temp_.path(), media_ + "/escape");
    fs::create_symlink(temp_.path() + "/secret.webp", media_ + "/link.webp");
    ExpectNotFound("/media/escape/secret.webp");
    ExpectNotFound("/media/link.webp");
    // Unusual but safe names are fine.
    Write("profiles/0123456789abcdef0123456789abcdef-thumb.webp", "t");
    EXPECT_EQ(Send("/media/profiles/0123456789abcdef0123456789abcdef-thumb.webp").status, 200);
}

TEST_F(MediaRoutesTest, DocumentedUnderMedia) {
    nlohmann::json doc = http::BuildOpenApi(router_, {.version = "test"});
    const auto& operation = doc["paths"]["/media/{file}"]["get"];
    EXPECT_EQ(operation["operationId"], "getMediaFile");
    EXPECT_EQ(operation["tags"], nlohmann::json::array({"media"}));
    EXPECT_FALSE(operation["summary"].get<std::string>().empty());
    for (const char* status : {"200", "206", "304", "404", "416"})
        EXPECT_TRUE(operation["responses"].contains(status)) << status;
}

// 10 MiB of image and room for the multipart framing.
constexpr std::size_t kUploadBodyLimit = 10 * 1024 * 1024 + 64 * 1024;

// The test server with its media folder at `dir` (served under /media/ by the application) and an upload probe.
testing::TestServerOptions UploadProbe(const std::string& dir) {
    testing::TestServerOptions options;
    options.configure = [dir](config::Config& config) { config.media_dir = dir; };
    options.extra_routes = [dir](http::Router& router) {
        router.Add(
            {.method = Method::kPost,
             .pattern = "/api/test/upload/",
             .handler =
                 [dir](http::Request& request) {
                     StoredImage stored =
                         StoreImage(dir, "profiles", UploadedBytes(request, {"image", "profile_image"}));
                     return Response::Json(201, {{"image", stored.display.url}, {"thumbnail", stored.thumbnail.url}});
                 },
             .operation_id = "testUpload",
             .doc = {.summary = "upload probe"},
             .body_limit = kUploadBodyLimit});
    };
    return options;
}

std::string SmallJpeg() {
    VipsImage* black = nullptr;
    EXPECT_EQ(vips_black(&black, 1024, 768, "bands", 3, nullptr), 0);
    void* buffer = nullptr;
    std::size_t length = 0;
    EXPECT_EQ(vips_image_write_to_buffer(black, ".jpg", &buffer, &length, nullptr), 0);
    std::string jpeg(static_cast<const char*>(buffer), length);
    g_free(buffer);
    g_object_unref(black);
    return jpeg;
}

// A video larger than any one read is streamed from the file over real HTTP: whole, by range, and HEAD.
TEST(MediaEndToEnd, LargeFilesAreStreamedWholeAndByRange) {
    testing::TempDir media;
    fs::create_directories(media.path() + "/videos");
    const std::string video = Pattern(5 * 1024 * 1024 + 123);
    std::ofstream(media.path() + "/videos/big.mp4", std::ios::binary) << video;
    testing::TestServer server(UploadProbe(media.path()));
    testing::HttpClient client(server.base_url());

    auto whole = client.Get("/media/videos/big.mp4");
    ASSERT_EQ(whole.status, 200);
    EXPECT_EQ(whole.Header("content-length"), std::to_string(video.size()));
    EXPECT_TRUE(whole.body == video) << "the streamed body differs from the file";
    auto tail = client.Get("/media/videos/big.mp4", {"Range: bytes=1000000-"});
    ASSERT_EQ(tail.status, 206);
    EXPECT_TRUE(tail.body == video.substr(1000000));
    auto head = client.Request("HEAD", "/media/videos/big.mp4");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.Header("content-length"), std::to_string(video.size()));
    EXPECT_TRUE(head.body.empty());
    // The connection stays usable after a streamed body.
    EXPECT_EQ(client.Get("/media/videos/big.mp4", {"Range: bytes=0-9"}).body, video.substr(0, 10));
}

// The wiring the profile-image endpoint will use, over real HTTP: a browser-style multipart upload, stored, then
// fetched whole and by range from /media/.
TEST(MediaEndToEnd, UploadThenServe) {
    InitImaging();
    testing::TempDir media;
    testing::TestServer server(UploadProbe(media.path()));
    testing::HttpClient client(server.base_url());

    std::string jpeg = SmallJpeg();
    const std::string boundary = "----WebKitFormBoundaryQ9mZ2xRk";
    std::string body = "--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"profile_image\"; filename=\"../me.jpg\"\r\n"
                       "Content-Type: image/jpeg\r\n\r\n" +
                       jpeg + "\r\n--" + boundary + "--\r\n";
    auto uploaded =
        client.Request("POST", "/api/test/upload/", body, {"Content-Type: multipart/form-data; boundary=" + boundary});
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    std::string url = uploaded.Json()["image"];
    EXPECT_TRUE(url.starts_with("/media/profiles/")) << url;

    auto image = client.Get(url);
    ASSERT_EQ(image.status, 200);
    EXPECT_EQ(image.Header("content-type"), "image/webp");
    EXPECT_EQ(image.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(image.Header("content-security-policy"), "default-src 'none'; sandbox");
    EXPECT_EQ(image.body.substr(0, 4), "RIFF");
    EXPECT_EQ(image.Header("content-length"), std::to_string(image.body.size()));

    auto head = client.Request("HEAD", url);
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.Header("content-length"), std::to_string(image.body.size()));
    EXPECT_TRUE(head.body.empty());

    auto part = client.Get(url, {"Range: bytes=0-11"});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.body, image.body.substr(0, 12));
    EXPECT_EQ(part.Header("content-length"), "12");
    EXPECT_EQ(part.Header("content-range"), "bytes 0-11/" + std::to_string(image.body.size()));

    auto cached = client.Get(url, {"If-None-Match: " + image.Header("etag")});
    EXPECT_EQ(cached.status, 304);
    EXPECT_EQ(client.Get("/media/profiles/..%2f..%2fetc%2fpasswd").status, 404);

    // A raw body works too, and what is not an image is refused with the accepted types named.
    auto raw = client.Request("POST", "/api/test/upload/", jpeg, {"Content-Type: image/jpeg"});
    EXPECT_EQ(raw.status, 201) << raw.body;
    auto svg =
        client.Request("POST", "/api/test/upload/", "<svg onload=\"alert(1)\"/>", {"Content-Type: image/svg+xml"});
    EXPECT_EQ(svg.status, 415);
    EXPECT_NE(svg.Json()["detail"].get<std::string>().find("JPEG, PNG, WebP or GIF"), std::string::npos);
}

// Uploads over 1 MiB reach the route: the route's body limit decides, not Beast's default of 1 MiB.
TEST(MediaEndToEnd, UploadsOverOneMebibyteReachTheRoute) {
    InitImaging();
    testing::TempDir media;
    testing::TestServer server(UploadProbe(media.path()));
    testing::HttpClient client(server.base_url());
    // 2 MiB: a JPEG padded with zeros after its end, as a browser would send it (no Expect: 100-continue).
    auto big = client.Request("POST", "/api/test/upload/", SmallJpeg() + std::string(2 * 1024 * 1024, '\0'),
                              {"Content-Type: image/jpeg", "Expect:"});
    EXPECT_EQ(big.status, 201) << big.body;
    // Over the route's limit: 413 from the Content-Length alone, before any of the body is read.
    std::string reply = testing::RawExchange(server.port(),
                                             "POST /api/test/upload/ HTTP/1.1\r\nHost: x\r\n"
                                             "Content-Type: image/jpeg\r\nContent-Length: " +
                                                 std::to_string(kUploadBodyLimit + 1) + "\r\n\r\n");
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply;
}

}  // namespace
}  // namespace spotter::media
