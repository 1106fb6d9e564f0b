// CurlTransport (see curl_transport.h).
#include "platform/native/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>

namespace idekort::platform {

namespace {

constexpr std::size_t max_answer_bytes = 1 << 20;

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string trim(std::string s) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

} // namespace

struct CurlTransport::Exchange {
    HttpRequest request;
    HttpResponse response;
    Callback done;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    bool too_large = false;

    ~Exchange() {
        if (easy) curl_easy_cleanup(easy);
        curl_slist_free_all(headers);
    }

    static size_t on_body(char* data, size_t size, size_t count, void* self) {
        auto* x = static_cast<Exchange*>(self);
        const size_t n = size * count;
        if (x->response.body.size() + n > max_answer_bytes) {
            x->too_large = true;
            return 0; // makes libcurl stop with CURLE_WRITE_ERROR
        }
        x->response.body.append(data, n);
        return n;
    }

    static size_t on_header(char* data, size_t size, size_t count, void* self) {
        auto* x = static_cast<Exchange*>(self);
        const size_t n = size * count;
        const std::string line(data, n);
        if (line.rfind("HTTP/", 0) == 0) {
            x->response.headers.clear(); // a new response (after "100 Continue")
        } else if (const auto colon = line.find(':'); colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            x->response.headers.emplace_back(std::move(name), trim(line.substr(colon + 1)));
        }
        return n;
    }

    void prepare() {
        easy = curl_easy_init();
        curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
        const long timeout_ms = static_cast<long>(request.timeout_seconds * 1000);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, 10000L));
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
        if (request.method == "GET") {
            curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        } else {
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
            curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
        }
        for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
        // No "Expect: 100-continue" round trip for small bodies.
        headers = curl_slist_append(headers, "Expect:");
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Exchange::on_body);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Exchange::on_header);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
    }

    void finish(CURLcode code) {
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        if (code == CURLE_OK) {
            response.status = static_cast<int>(status);
            return;
        }
        // A cut-off answer is no answer: the engine must not act on half an envelope.
        response.status = 0;
        response.headers.clear();
        response.body.clear();
        response.network_error = too_large ? "the answer is larger than 1 MiB"
                                           : std::string(curl_easy_strerror(code)) + (error[0] ? std::string(": ") + error : "");
    }
};

CurlTransport::CurlTransport(int max_connections) {
    global_init_once();
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(max_connections));
    m_thread = std::thread([this] { worker(); });
}

CurlTransport::~CurlTransport() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    curl_multi_wakeup(m_multi);
    m_thread.join();
    curl_multi_cleanup(m_multi);
}

void CurlTransport::set_wake(std::function<void()> wake) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_wake_loop = std::move(wake);
}

void CurlTransport::send(HttpRequest request, Callback done) {
    auto x = std::make_unique<Exchange>();
    x->request = std::move(request);
    x->done = std::move(done);
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_pending.push_back(std::move(x));
    }
    curl_multi_wakeup(m_multi);
}

int CurlTransport::deliver() {
    std::deque<std::unique_ptr<Exchange>> ready;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ready.swap(m_finished);
    }
    for (auto& x : ready) x->done(std::move(x->response));
    return static_cast<int>(ready.size());
}

bool CurlTransport::busy() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return !m_pending.empty() || m_running > 0 || !m_finished.empty();
}

void CurlTransport::worker() {
    std::map<CURL*, std::unique_ptr<Exchange>> active;
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_stop) break;
            while (!m_pending.empty()) {
                auto x = std::move(m_pending.front());
                m_pending.pop_front();
                x->prepare();
                curl_multi_add_handle(m_multi, x->easy);
                CURL* easy = x->easy;
                active.emplace(easy, std::move(x));
            }
            m_running = static_cast<int>(active.size());
        }
        int still_running = 0;
        curl_multi_perform(m_multi, &still_running);
        int left = 0;
        bool finished_any = false;
        while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL* easy = msg->easy_handle;
            const CURLcode code = msg->data.result;
            curl_multi_remove_handle(m_multi, easy);
            auto it = active.find(easy);
            if (it == active.end()) continue;
            it->second->finish(code);
            std::unique_ptr<Exchange> x = std::move(it->second);
            active.erase(it);
            std::lock_guard<std::mutex> lock(m_mutex);
            m_finished.push_back(std::move(x));
            m_running = static_cast<int>(active.size());
            finished_any = true;
        }
        if (finished_any) {
            std::function<void()> wake;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                wake = m_wake_loop;
            }
            if (wake) wake();
        }
        // Sleeps until a socket is ready, a timeout is due, or send()/~ wakes it.
        curl_multi_poll(m_multi, nullptr, 0, 1000, nullptr);
    }
    for (auto& [easy, x] : active) curl_multi_remove_handle(m_multi, easy);
}

} // namespace idekort::platform
