// libcurl's SMTP client for one message (see smtp_relay.h).
#include "server/mail/smtp_relay.h"

#include <curl/curl.h>
#include <sodium.h>

#include <cstring>
#include <ctime>
#include <mutex>

namespace idekort::server {

namespace {
std::string base64(const std::string& bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

struct Upload {
    const std::string* text;
    std::size_t at = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, up->text->size() - up->at);
    std::memcpy(buffer, up->text->data() + up->at, n);
    up->at += n;
    return n;
}
} // namespace

bool is_plain_address(const std::string& a) {
    const auto at = a.find('@');
    if (a.empty() || a.size() > 254 || at == std::string::npos || at == 0 || at + 1 == a.size() || a.find('@', at + 1) != std::string::npos)
        return false;
    for (unsigned char c : a)
        if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == '"' || c == '\\') return false;
    return true;
}

std::string mail_text(const MailMessage& mail, std::chrono::system_clock::time_point date) {
    const std::time_t t = std::chrono::system_clock::to_time_t(date);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char when[64];
    std::strftime(when, sizeof when, "%a, %d %b %Y %H:%M:%S +0000", &utc);
    std::string out;
    out += "Date: " + std::string(when) + "\r\n";
    out += "From: <" + mail.from + ">\r\n";
    out += "To: <" + mail.to + ">\r\n";
    out += "Message-ID: <" + mail.message_id + ">\r\n";
    out += "Subject: =?UTF-8?B?" + base64(mail.subject) + "?=\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: 8bit\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    out += "\r\n";
    for (char c : mail.body) {
        if (c == '\r') continue;
        if (c == '\n') out += "\r\n";
        else out.push_back(c);
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;   // libcurl doubles a line's leading dot itself (SMTP dot-stuffing)
}

Status send_through_relay(const std::string& relay_url, const MailMessage& mail, std::chrono::seconds timeout) {
    static std::once_flag started;
    std::call_once(started, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (!is_plain_address(mail.from)) return Error{"not a plain address", "mail-from"};
    if (!is_plain_address(mail.to)) return Error{"not a plain address", "recipient"};
    CURL* curl = curl_easy_init();
    if (!curl) return Error{"libcurl could not start", "smtp"};
    const std::string text = mail_text(mail, std::chrono::system_clock::now());
    Upload upload{&text};
    const std::string from = "<" + mail.from + ">", to = "<" + mail.to + ">";
    curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, relay_url.c_str());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) return Error{error[0] ? std::string(error) : std::string(curl_easy_strerror(rc)), "smtp relay"};
    return {};
}

} // namespace idekort::server
