// multipart/form-data as browsers and curl send it, malformed bodies, hostile file names, and a mutation fuzz
// run that must end in either a result or a 400 (run it under SPOTTER_SANITIZE=ON for ASan/UBSan).
#include "media/multipart.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "common/error.hpp"
#include "media/upload.hpp"

namespace spotter::media {
namespace {

// Chrome's shape: boundary "----WebKitFormBoundary...", CRLF everywhere, a text field and a file.
const std::string kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
const std::string kContentType = "multipart/form-data; boundary=" + kBoundary;

std::string Part(const std::string& boundary, const std::string& headers, const std::string& data) {
    return "--" + boundary + "\r\n" + headers + "\r\n" + data + "\r\n";
}

std::string ChromeBody(const std::string& file_bytes, const std::string& filename = "me.png") {
    return Part(kBoundary, "Content-Disposition: form-data; name=\"caption\"\r\n", "Leg day") +
           Part(kBoundary,
                "Content-Disposition: form-data; name=\"image\"; filename=\"" + filename +
                    "\"\r\nContent-Type: image/png\r\n",
                file_bytes) +
           "--" + kBoundary + "--\r\n";
}

// The message of the ApiError thrown by `f`, or "no error".
template <class F>
std::string ErrorOf(F f) {
    try {
        f();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kBadRequest);
        return e.error().detail;
    }
    return "no error";
}

TEST(Multipart, FindsTheFileOfABrowserForm) {
    // Binary data with CR, LF, NUL and things that look like (but are not) the boundary line.
    std::string bytes = std::string("\x89PNG\r\n\x1A\n\0\0", 10) + "\r\n--" + kBoundary.substr(0, 10) + "\r\n--x";
    std::string body = ChromeBody(bytes);
    auto part = FindFilePart(kContentType, body, "image");
    ASSERT_TRUE(part);
    EXPECT_EQ(part->field, "image");
    EXPECT_EQ(part->filename, "me.png");
    EXPECT_EQ(part->content_type, "image/png");
    EXPECT_EQ(std::string(part->data), bytes);
    // A view into the body, not a copy.
    EXPECT_GE(part->data.data(), body.data());
    EXPECT_LE(part->data.data() + part->data.size(), body.data() + body.size());

    auto caption = FindFilePart(kContentType, body, "caption");
    ASSERT_TRUE(caption);
    EXPECT_EQ(caption->data, "Leg day");
    EXPECT_EQ(caption->filename, "");
    EXPECT_EQ(ParseFormData(kContentType, body).size(), 2u);
}

TEST(Multipart, NoSuchFieldIsNotAnError) { EXPECT_FALSE(FindFilePart(kContentType, ChromeBody("x"), "avatar")); }

TEST(Multipart, QuotedBoundaryAndHeaderCase) {
    std::string boundary = "simple boundary:with=odd'chars";
    std::string body = Part(boundary, "content-disposition: FORM-DATA; NAME=\"image\"; filename=a.jpg\r\n", "abc") +
                       "--" + boundary + "--";
    auto part = FindFilePart("Multipart/Form-Data ; Boundary=\"" + boundary + "\" ; charset=utf-8", body, "image");
    ASSERT_TRUE(part);
    EXPECT_EQ(part->data, "abc");
    EXPECT_EQ(part->filename, "a.jpg");
    EXPECT_EQ(MultipartBoundary("multipart/form-data;boundary=xyz"), "xyz");
}

TEST(Multipart, PreambleEpilogueAndTransportPadding) {
    std::string body = "This is a preamble a client may send.\r\n" + std::string("--") + kBoundary +
                       "  \t\r\n" +  // padding after the boundary is allowed
                       "Content-Disposition: form-data; name=\"image\"; filename=\"x.gif\"\r\n\r\nGIF89a\r\n" + "--" +
                       kBoundary + "--\r\nand an epilogue, ignored.\r\n--" + kBoundary + "\r\nnot a part";
    auto part = FindFilePart(kContentType, body, "image");
    ASSERT_TRUE(part);
    EXPECT_EQ(part->data, "GIF89a");
}

TEST(Multipart, EmptyFileAndPartWithoutOtherHeaders) {
    // Chrome sends an empty file input as a part with filename="" and no bytes.
    std::string body = Part(kBoundary,
                            "Content-Disposition: form-data; name=\"image\"; filename=\"\"\r\n"
                            "Content-Type: application/octet-stream\r\n",
                            "") +
                       "--" + kBoundary + "--";
    auto part = FindFilePart(kContentType, body, "image");
    ASSERT_TRUE(part);
    EXPECT_TRUE(part->data.empty());
    EXPECT_EQ(part->content_type, "application/octet-stream");
}

TEST(Multipart, CurlStyleEscapesAndExtendedFilename) {
    std::string body = Part(kBoundary,
                            "Content-Disposition: form-data; name=\"image\"; filename=\"say \\\"hi\\\".png\"; "
                            "filename*=UTF-8''%EC%82%AC%EC%A7%84.png\r\n",
                            "x") +
                       "--" + kBoundary + "--";
    auto part = FindFilePart(kContentType, body, "image");
    ASSERT_TRUE(part);
    EXPECT_EQ(part->filename, "\xEC\x82\xAC\xEC\xA7\x84.png");  // 사진.png, from filename*
    body = Part(kBoundary, "Content-Disposition: form-data; name=\"image\"; filename=\"say \\\"hi\\\".png\"\r\n", "x") +
           "--" + kBoundary + "--";
    EXPECT_EQ(FindFilePart(kContentType, body, "image")->filename, "say \"hi\".png");
}

TEST(Multipart, RefusesMalformedContentTypes) {
    std::string body = ChromeBody("x");
    EXPECT_NE(ErrorOf([&] { FindFilePart("application/json", body, "image"); }).find("not multipart/form-data"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { FindFilePart("multipart/form-data", body, "image"); }).find("no boundary"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { FindFilePart("multipart/form-data; boundary=", body, "image"); }).find("no boundary"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] {
                  FindFilePart("multipart/form-data; boundary=" + std::string(71, 'a'), body, "image");
              }).find("longer than 70"),
              std::string::npos);
    EXPECT_EQ(ErrorOf([&] { MultipartBoundary("multipart/form-data; boundary=" + std::string(70, 'a')); }), "no error");
    EXPECT_NE(ErrorOf([&] { FindFilePart("multipart/form-data; boundary=a<b", body, "image"); }).find("not allowed"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { FindFilePart("multipart/form-data; boundary=\"ab ", body, "image"); }).find("malformed"),
              std::string::npos);
}

TEST(Multipart, MissingClosingBoundaryIsAnError) {
    std::string body = ChromeBody("abc");
    std::string cut = body.substr(0, body.size() - kBoundary.size() - 6);  // drop the closing delimiter line
    EXPECT_NE(ErrorOf([&] { FindFilePart(kContentType, cut, "image"); }).find("closing boundary"), std::string::npos);
    // Ends right after a delimiter, and inside a part's headers.
    std::string after_delimiter = "--" + kBoundary;
    EXPECT_NE(ErrorOf([&] { FindFilePart(kContentType, after_delimiter, "image"); }).find("closing boundary"),
              std::string::npos);
    std::string in_headers = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"image\"";
    EXPECT_NE(ErrorOf([&] { FindFilePart(kContentType, in_headers, "image"); }).find("closing boundary"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { FindFilePart(kContentType, "no boundary here", "image"); }).find("does not contain"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { FindFilePart(kContentType, "", "image"); }).find("does not contain"), std::string::npos);
}

TEST(Multipart, RefusesBadParts) {
    auto body_with = [](const std::string& headers) {
        return Part(kBoundary, headers, "data") + "--" + kBoundary + "--";
    };
    EXPECT_NE(ErrorOf([&] {
                  FindFilePart(kContentType, body_with("Content-Type: image/png\r\n"), "image");
              }).find("Content-Disposition"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] {
                  FindFilePart(kContentType, body_with("Content-Disposition: attachment; name=\"image\"\r\n"), "image");
              }).find("Content-Disposition"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] {
                  FindFilePart(kContentType, body_with("Content-Disposition: form-data\r\n"), "image");
              }).find("no name"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] { FindFilePart(kContentType, body_with("No colon here\r\n"), "image"); }).find("malformed"),
              std::string::npos);
    EXPECT_NE(ErrorOf([&] {
                  FindFilePart(kContentType, body_with("Content-Disposition: form-data;\r\n name=\"image\"\r\n"),
                               "image");
              }).find("folding"),
              std::string::npos);
    // The boundary line followed by something else.
    std::string glued =
        "--" + kBoundary + "X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--" + kBoundary + "--";
    EXPECT_NE(ErrorOf([&] { FindFilePart(kContentType, glued, "a"); }).find("unexpected"), std::string::npos);
}

TEST(Multipart, CapsPartsAndHeaderSize) {
    std::string many;
    for (int i = 0; i < 17; ++i)
        many += Part(kBoundary, "Content-Disposition: form-data; name=\"f" + std::to_string(i) + "\"\r\n", "v");
    many += "--" + kBoundary + "--";
    EXPECT_NE(ErrorOf([&] { FindFilePart(kContentType, many, "f0"); }).find("more than 16 parts"), std::string::npos);
    EXPECT_EQ(ParseFormData(kContentType, many, {.max_parts = 17}).size(), 17u);

    std::string big_header =
        Part(kBoundary,
             "Content-Disposition: form-data; name=\"image\"\r\nX-Padding: " + std::string(9000, 'a') + "\r\n",
             "data") +
        "--" + kBoundary + "--";
    EXPECT_NE(ErrorOf([&] { FindFilePart(kContentType, big_header, "image"); }).find("headers are longer than 8192"),
              std::string::npos);
}

TEST(Multipart, HostileFileNamesAreSanitised) {
    EXPECT_EQ(SanitizeFilename("../../etc/passwd"), "passwd");
    EXPECT_EQ(SanitizeFilename("C:\\Users\\kim\\Pictures\\me.jpg"), "me.jpg");
    EXPECT_EQ(SanitizeFilename(std::string("evil\0.php.jpg", 13)), "evil.php.jpg");
    EXPECT_EQ(SanitizeFilename(".htaccess"), "htaccess");
    EXPECT_EQ(SanitizeFilename(".."), "");
    EXPECT_EQ(SanitizeFilename("a/"), "");
    EXPECT_EQ(SanitizeFilename("line\r\nbreak.png"), "linebreak.png");
    EXPECT_EQ(SanitizeFilename("photo\xE2\x80\xAEgpj.exe"), "photogpj.exe");  // U+202E right-to-left override
    EXPECT_EQ(SanitizeFilename("bad\xFF\xC0\xAFutf8.png"), "bad___utf8.png");
    EXPECT_EQ(SanitizeFilename("\xED\xA0\x80.png"), "___.png");  // an encoded surrogate is not UTF-8
    EXPECT_EQ(SanitizeFilename("\xEC\x82\xAC\xEC\xA7\x84 \xF0\x9F\x92\xAA.jpg"),
              "\xEC\x82\xAC\xEC\xA7\x84 \xF0\x9F\x92\xAA.jpg");

    std::string long_name = std::string(300, 'a') + ".jpg";
    EXPECT_EQ(SanitizeFilename(long_name).size(), 255u);
    // Cut on a character boundary: 254 bytes of 'a' and then a 3-byte character that does not fit.
    std::string korean = std::string(254, 'a') + "\xEC\x82\xAC";
    EXPECT_EQ(SanitizeFilename(korean), std::string(254, 'a'));

    // Through the parser: a raw NUL in the quoted name and a path.
    std::string body = Part(kBoundary,
                            "Content-Disposition: form-data; name=\"image\"; filename=\"../../etc/pass" +
                                std::string(1, '\0') + "wd\"\r\n",
                            "x") +
                       "--" + kBoundary + "--";
    EXPECT_EQ(FindFilePart(kContentType, body, "image")->filename, "passwd");
}

TEST(Multipart, UploadedBytesTakesAFormFieldOrTheRawBody) {
    http::Request request;
    request.headers = {{"content-type", kContentType}};
    request.body =
        Part(kBoundary, "Content-Disposition: form-data; name=\"profile_image\"; filename=\"me.jpg\"\r\n", "JPEG") +
        "--" + kBoundary + "--\r\n";
    EXPECT_EQ(UploadedBytes(request, {"image", "profile_image"}), "JPEG");
    EXPECT_EQ(ErrorOf([&] {
                  UploadedBytes(request, {"image", "avatar"});
              }),
              "The form has no file field named \"image\" or \"avatar\".");

    request.headers = {{"content-type", "image/jpeg"}};
    request.body = "raw bytes";
    EXPECT_EQ(UploadedBytes(request, {"image"}), "raw bytes");
    request.headers.clear();
    EXPECT_EQ(UploadedBytes(request, {"image"}), "raw bytes");
    request.body.clear();
    EXPECT_EQ(ErrorOf([&] { UploadedBytes(request, {"image"}); }), "The uploaded file is empty.");
}

// Mutations of valid bodies: flipped and inserted bytes, boundary fragments, cuts and duplications. Every input
// must end in a result whose views lie inside the body, or in ApiError(kBadRequest); nothing else.
// SPOTTER_FUZZ_ITERATIONS and SPOTTER_FUZZ_SEED run it longer or differently (e.g. in a sanitizer build).
TEST(MultipartFuzz, MutatedBodiesNeverCrash) {
    auto setting = [](const char* name, unsigned long fallback) {
        const char* value = std::getenv(name);
        return value ? std::strtoul(value, nullptr, 10) : fallback;
    };
    const unsigned long iterations = setting("SPOTTER_FUZZ_ITERATIONS", 30000);
    std::mt19937 rng(static_cast<std::mt19937::result_type>(setting("SPOTTER_FUZZ_SEED", 20240611)));
    const std::vector<std::string> seeds = {
        ChromeBody(std::string("\x89PNG\r\n\x1A\n", 8) + std::string(200, '\0')),
        ChromeBody("tiny", "../../x\".jpg"),
        "preamble\r\n" + ChromeBody("") + "epilogue",
        Part(kBoundary, "Content-Disposition: form-data; name=\"image\"; filename*=UTF-8''%41%42\r\n", "\r\n\r\n") +
            "--" + kBoundary + "--",
    };
    const std::vector<std::string> fragments = {"\r\n",
                                                "--",
                                                "--" + kBoundary,
                                                "\r\n--" + kBoundary,
                                                "\r\n\r\n",
                                                "\"",
                                                ";",
                                                "=",
                                                "\\",
                                                std::string(1, '\0'),
                                                "Content-Disposition: form-data; name=\"image\"",
                                                "filename*=",
                                                "%",
                                                "\xFF",
                                                " ",
                                                ":"};
    const std::vector<std::string> content_types = {kContentType, "multipart/form-data; boundary=\"" + kBoundary + "\"",
                                                    "multipart/form-data; boundary=" + kBoundary.substr(0, 5)};
    std::size_t parsed = 0;
    std::size_t refused = 0;
    for (unsigned long iteration = 0; iteration < iterations; ++iteration) {
        std::string body = seeds[rng() % seeds.size()];
        int mutations = 1 + static_cast<int>(rng() % 6);
        for (int m = 0; m < mutations; ++m) {
            std::size_t pos = body.empty() ? 0 : rng() % (body.size() + 1);
            switch (rng() % 6) {
                case 0:
                    if (!body.empty() && pos < body.size()) body[pos] = static_cast<char>(rng());
                    break;
                case 1:
                    body.insert(pos, fragments[rng() % fragments.size()]);
                    break;
                case 2:
                    body.erase(pos, rng() % 16);
                    break;
                case 3:
                    body.resize(pos);
                    break;
                case 4:
                    body.insert(pos, body.substr(rng() % (body.size() + 1), rng() % 64));
                    break;
                case 5:
                    body.insert(pos, 1, static_cast<char>(rng()));
                    break;
            }
        }
        std::string content_type = content_types[rng() % content_types.size()];
        if (rng() % 10 == 0 && !content_type.empty())
            content_type[rng() % content_type.size()] = static_cast<char>(rng());
        try {
            std::vector<UploadedFile> parts =
                ParseFormData(content_type, body, {.max_parts = 4, .max_header_bytes = 256});
            for (const UploadedFile& part : parts) {
                ASSERT_GE(part.data.data(), body.data());
                ASSERT_LE(part.data.data() + part.data.size(), body.data() + body.size());
                ASSERT_LE(part.filename.size(), 255u);
                ASSERT_EQ(part.filename.find('/'), std::string::npos);
                ASSERT_EQ(part.filename.find('\0'), std::string::npos);
            }
            ++parsed;
        } catch (const ApiError& e) {
            ASSERT_EQ(e.error().code, ErrorCode::kBadRequest);
            ASSERT_FALSE(e.error().detail.empty());
            ++refused;
        }
    }
    // Both outcomes were exercised.
    EXPECT_GT(parsed, iterations / 30);
    EXPECT_GT(refused, iterations / 30);
}

}  // namespace
}  // namespace spotter::media
