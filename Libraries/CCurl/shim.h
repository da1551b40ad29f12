#ifndef ZHILYEGO_CCURL_SHIM_H
#define ZHILYEGO_CCURL_SHIM_H
// curl_easy_setopt / curl_easy_getinfo are variadic: Swift gets typed inline wrappers instead.
#include <curl/curl.h>

static inline CURLcode zg_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode zg_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode zg_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode zg_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode zg_curl_setopt_mime(CURL *h, curl_mime *v) { return curl_easy_setopt(h, CURLOPT_MIMEPOST, v); }
static inline CURLcode zg_curl_setopt_write_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f);
}
static inline CURLcode zg_curl_setopt_header_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f);
}
static inline CURLcode zg_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode zg_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode zg_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode zg_curl_setopt_write_data(CURL *h, void *v) { return curl_easy_setopt(h, CURLOPT_WRITEDATA, v); }
static inline CURLcode zg_curl_setopt_header_data(CURL *h, void *v) { return curl_easy_setopt(h, CURLOPT_HEADERDATA, v); }
static inline CURLMcode zg_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
// The result of a finished transfer lives in a union inside CURLMsg.
static inline CURLcode zg_curl_msg_result(const CURLMsg *m) { return m->data.result; }
static inline int zg_curl_msg_is_done(const CURLMsg *m) { return m->msg == CURLMSG_DONE; }
// Flag sets that are macro expressions Swift does not import.
static const long zg_curl_global_all = CURL_GLOBAL_ALL;
static const size_t zg_curl_error_size = CURL_ERROR_SIZE;
#endif
