#ifndef ZHILYEGO_COPENSSL_SHIM_H
#define ZHILYEGO_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>

// GCM control codes are macro aliases (EVP_CTRL_GCM_* -> EVP_CTRL_AEAD_*): typed constants for Swift.
static const int zg_evp_ctrl_gcm_set_ivlen = EVP_CTRL_GCM_SET_IVLEN;
static const int zg_evp_ctrl_gcm_get_tag = EVP_CTRL_GCM_GET_TAG;
static const int zg_evp_ctrl_gcm_set_tag = EVP_CTRL_GCM_SET_TAG;
#endif
