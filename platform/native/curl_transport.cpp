// CurlTransport (see curl_transport.h).
#include "platform/native/curl_transport.h"

// Only curl's types and constants: its functions are called through the table that
// load_curl() fills from the shared library.
#include <curl/curl.h>
#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>

namespace idekort::platform {

namespace {

constexpr std::size_t max_answer_bytes = 1 << 20;

// The libcurl functions the transport calls, resolved by name from the loaded library.
struct CurlApi {
    CURLcode (*global_init)(long flags);
    CURL* (*easy_init)();
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
    void (*easy_cleanup)(CURL*);
    const char* (*easy_strerror)(CURLcode);
    curl_slist* (*slist_append)(curl_slist*, const char*);
    void (*slist_free_all)(curl_slist*);
    CURLM* (*multi_init)();
    CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM*, CURL*);
    CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
    CURLMcode (*multi_perform)(CURLM*, int*);
    CURLMsg* (*multi_info_read)(CURLM*, int*);
    CURLMcode (*multi_poll)(CURLM*, curl_waitfd[], unsigned int, int, int*);
    CURLMcode (*multi_wakeup)(CURLM*);
    CURLMcode (*multi_cleanup)(CURLM*);
};

// The loaded library's table, or why there is none. Loaded once per library name and never
// unloaded (libcurl keeps global state); curl_global_init runs once, here, under the lock.
struct LoadedCurl {
    const CurlApi* api = nullptr;
    std::string error;
};

template <class F>
bool resolve(void* library, const char* name, F& function, std::string& error) {
    function = reinterpret_cast<F>(::dlsym(library, name));
    if (!function && error.empty()) error = std::string("has no ") + name;
    return function != nullptr;
}

LoadedCurl load_curl(const std::string& library_name) {
    static std::mutex mutex;
    static std::map<std::string, LoadedCurl> loaded;
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = loaded.find(library_name); it != loaded.end()) return it->second;
    LoadedCurl result;
    void* library = ::dlopen(library_name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char* why = ::dlerror();
        result.error = "libcurl cannot be loaded (" + library_name + "): " + (why ? why : "unknown reason");
        return loaded[library_name] = result;
    }
    auto* api = new CurlApi{}; // lives as long as the library, which is never unloaded
    std::string missing;
    bool ok = true;
    ok &= resolve(library, "curl_global_init", api->global_init, missing);
    ok &= resolve(library, "curl_easy_init", api->easy_init, missing);
    ok &= resolve(library, "curl_easy_setopt", api->easy_setopt, missing);
    ok &= resolve(library, "curl_easy_getinfo", api->easy_getinfo, missing);
    ok &= resolve(library, "curl_easy_cleanup", api->easy_cleanup, missing);
    ok &= resolve(library, "curl_easy_strerror", api->easy_strerror, missing);
    ok &= resolve(library, "curl_slist_append", api->slist_append, missing);
    ok &= resolve(library, "curl_slist_free_all", api->slist_free_all, missing);
    ok &= resolve(library, "curl_multi_init", api->multi_init, missing);
    ok &= resolve(library, "curl_multi_setopt", api->multi_setopt, missing);
    ok &= resolve(library, "curl_multi_add_handle", api->multi_add_handle, missing);
    ok &= resolve(library, "curl_multi_remove_handle", api->multi_remove_handle, missing);
    ok &= resolve(library, "curl_multi_perform", api->multi_perform, missing);
    ok &= resolve(library, "curl_multi_info_read", api->multi_info_read, missing);
    ok &= resolve(library, "curl_multi_poll", api->multi_poll, missing); // libcurl 7.66 or newer
    ok &= resolve(library, "curl_multi_wakeup", api->multi_wakeup, missing);
    ok &= resolve(library, "curl_multi_cleanup", api->multi_cleanup, missing);
    if (!ok) {
        delete api;
        result.error = "libcurl (" + library_name + ") is too old or not libcurl: it " + missing;
        return loaded[library_name] = result;
    }
    api->global_init(CURL_GLOBAL_DEFAULT);
    result.api = api;
    return loaded[library_name] = result;
}

std::string trim(std::string s) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

} // namespace

struct CurlTransport::Exchange {
    const CurlApi* api = nullptr; // set by prepare(), on the worker, once libcurl is loaded
    HttpRequest request;
    HttpResponse response;
    Callback done;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    bool too_large = false;

    ~Exchange() {
        if (!api) return; // never prepared: nothing of libcurl's to free
        if (easy) api->easy_cleanup(easy);
        api->slist_free_all(headers);
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

    void prepare(const CurlApi& curl) {
        api = &curl;
        easy = curl.easy_init();
        curl.easy_setopt(easy, CURLOPT_URL, request.url.c_str());
        curl.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl.easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
        const long timeout_ms = static_cast<long>(request.timeout_seconds * 1000);
        curl.easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
        curl.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, 10000L));
        curl.easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
        curl.easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
        if (request.method == "GET") {
            curl.easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        } else {
            curl.easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
            curl.easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
            curl.easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
        }
        for (const auto& [name, value] : request.headers) headers = curl.slist_append(headers, (name + ": " + value).c_str());
        // No "Expect: 100-continue" round trip for small bodies.
        headers = curl.slist_append(headers, "Expect:");
        curl.easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl.easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Exchange::on_body);
        curl.easy_setopt(easy, CURLOPT_WRITEDATA, this);
        curl.easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Exchange::on_header);
        curl.easy_setopt(easy, CURLOPT_HEADERDATA, this);
        curl.easy_setopt(easy, CURLOPT_PRIVATE, this);
    }

    void finish(CURLcode code) {
        long status = 0;
        api->easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        if (code == CURLE_OK) {
            response.status = static_cast<int>(status);
            return;
        }
        // A cut-off answer is no answer: the engine must not act on half an envelope.
        response.status = 0;
        response.headers.clear();
        response.body.clear();
        response.network_error = too_large ? "the answer is larger than 1 MiB"
                                           : std::string(api->easy_strerror(code)) + (error[0] ? std::string(": ") + error : "");
    }
};

CurlTransport::CurlTransport(int max_connections, std::string library)
    : m_max_connections(max_connections), m_library(std::move(library)) {
    m_thread = std::thread([this] { worker(); });
}

CurlTransport::~CurlTransport() {
    void* multi = nullptr;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        multi = m_multi;
    }
    // A worker still loading libcurl sees m_stop when it starts its loop; one without libcurl
    // waits on m_changed; one in curl_multi_poll is woken by libcurl.
    m_changed.notify_all();
    const CurlApi* api = load_curl(m_library).api;
    if (multi && api) api->multi_wakeup(static_cast<CURLM*>(multi));
    m_thread.join();
    if (m_multi && api) api->multi_cleanup(static_cast<CURLM*>(m_multi));
}

void CurlTransport::set_wake(std::function<void()> wake) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_wake_loop = std::move(wake);
}

void CurlTransport::send(HttpRequest request, Callback done) {
    auto x = std::make_unique<Exchange>();
    x->request = std::move(request);
    x->done = std::move(done);
    void* multi = nullptr;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_pending.push_back(std::move(x));
        multi = m_multi; // null while the worker loads libcurl: it takes the queue when it starts
    }
    m_changed.notify_all();
    if (multi) load_curl(m_library).api->multi_wakeup(static_cast<CURLM*>(multi));
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

void CurlTransport::refuse_all(const std::string& why) {
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        bool refused = false;
        while (!m_pending.empty()) {
            auto x = std::move(m_pending.front());
            m_pending.pop_front();
            x->response.network_error = why;
            m_finished.push_back(std::move(x));
            refused = true;
        }
        if (refused && m_wake_loop) {
            const auto wake = m_wake_loop;
            lock.unlock();
            wake();
            lock.lock();
            continue;
        }
        if (m_stop) return;
        m_changed.wait(lock, [this] { return m_stop || !m_pending.empty(); });
    }
}

void CurlTransport::worker() {
    const LoadedCurl curl = load_curl(m_library);
    if (!curl.api) return refuse_all(curl.error);
    const CurlApi& api = *curl.api;
    CURLM* multi = api.multi_init();
    api.multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(m_max_connections));
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_multi = multi;
    }
    std::map<CURL*, std::unique_ptr<Exchange>> active;
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_stop) break;
            while (!m_pending.empty()) {
                auto x = std::move(m_pending.front());
                m_pending.pop_front();
                x->prepare(api);
                api.multi_add_handle(multi, x->easy);
                CURL* easy = x->easy;
                active.emplace(easy, std::move(x));
            }
            m_running = static_cast<int>(active.size());
        }
        int still_running = 0;
        api.multi_perform(multi, &still_running);
        int left = 0;
        bool finished_any = false;
        while (CURLMsg* msg = api.multi_info_read(multi, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL* easy = msg->easy_handle;
            const CURLcode code = msg->data.result;
            api.multi_remove_handle(multi, easy);
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
        api.multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    for (auto& [easy, x] : active) api.multi_remove_handle(multi, easy);
}

} // namespace idekort::platform
