/* libgit2's archive carries its SSH transport and so references libssh2, whose archive brings a
 * second, static OpenSSL libcrypto into hush. hush reads local repositories only, and `hush run`
 * gets TLS from the system's libcrypto through libcurl: a static copy would be relocated at every
 * start and would miss the system's crypto policy and fixes. These forwarders load the system's
 * libssh2 (and so its libcrypto) on the first call that needs SSH instead, so behaviour is
 * unchanged if an SSH transport is ever used. Linked only beside a static libgit2
 * (cmake/HushStaticDeps.cmake), so it lives in link/, outside every library's sources.
 * libssh2.h itself declares every function, so a signature that drifts fails to compile. */
#include <dlfcn.h>
#include <libssh2.h>
#include <pthread.h>

static void* library;
static pthread_once_t library_once = PTHREAD_ONCE_INIT;
/* libgit2 calls libssh2_init at its own initialisation, which every scan does: that call is
 * remembered, and made on the real library once it is loaded. */
static int init_requested;
static int init_flags;

static void load_library(void) {
  library = dlopen("libssh2.so.1", RTLD_NOW | RTLD_LOCAL);
  if (library && init_requested) {
    int (*real_init)(int);
    *(void**)(&real_init) = dlsym(library, "libssh2_init"); /* POSIX dlsym idiom */
    if (!real_init || real_init(init_flags) != 0) {
      dlclose(library);
      library = NULL;
    }
  }
}

static void* resolve(const char* symbol) {
  pthread_once(&library_once, load_library);
  return library ? dlsym(library, symbol) : NULL;
}

int libssh2_init(int flags) {
  init_requested = 1;
  init_flags = flags;
  return 0;
}

void libssh2_exit(void) {
  if (!library) return;
  void (*real_exit)(void);
  *(void**)(&real_exit) = dlsym(library, "libssh2_exit");
  if (real_exit) real_exit();
}

/* `unavailable` is what the call returns when libssh2 cannot be loaded: NULL for handles, an error
 * for status codes. libgit2 stops at the first: a session that cannot be made. */
#define FORWARD(type, unavailable, name, params, args) \
  type name params {                                   \
    typedef type(*function) params;                    \
    function real;                                     \
    *(void**)(&real) = resolve(#name);                 \
    if (!real) return unavailable;                     \
    return real args;                                  \
  }
#define FORWARD_VOID(name, params, args) \
  void name params {                     \
    typedef void(*function) params;      \
    function real;                       \
    *(void**)(&real) = resolve(#name);   \
    if (real) real args;                 \
  }

#define FAILED LIBSSH2_ERROR_SOCKET_NONE

FORWARD(LIBSSH2_SESSION*, NULL, libssh2_session_init_ex,
        (void* (*my_alloc)(size_t count, void** abstract), void (*my_free)(void* ptr, void** abstract),
         void* (*my_realloc)(void* ptr, size_t count, void** abstract), void* abstract),
        (my_alloc, my_free, my_realloc, abstract))
FORWARD(void**, NULL, libssh2_session_abstract, (LIBSSH2_SESSION * session), (session))
FORWARD(int, FAILED, libssh2_session_disconnect_ex,
        (LIBSSH2_SESSION * session, int reason, const char* description, const char* lang),
        (session, reason, description, lang))
FORWARD(int, FAILED, libssh2_session_free, (LIBSSH2_SESSION * session), (session))
FORWARD(int, FAILED, libssh2_session_handshake, (LIBSSH2_SESSION * session, libssh2_socket_t sock), (session, sock))
FORWARD(const char*, NULL, libssh2_session_hostkey, (LIBSSH2_SESSION * session, size_t* len, int* type),
        (session, len, type))
FORWARD(int, FAILED, libssh2_session_last_error,
        (LIBSSH2_SESSION * session, char** errmsg, int* errmsg_len, int want_buf),
        (session, errmsg, errmsg_len, want_buf))
FORWARD(int, FAILED, libssh2_session_method_pref, (LIBSSH2_SESSION * session, int method_type, const char* prefs),
        (session, method_type, prefs))
FORWARD_VOID(libssh2_session_set_blocking, (LIBSSH2_SESSION * session, int blocking), (session, blocking))
FORWARD(const char*, NULL, libssh2_hostkey_hash, (LIBSSH2_SESSION * session, int hash_type), (session, hash_type))

FORWARD(int, FAILED, libssh2_userauth_authenticated, (LIBSSH2_SESSION * session), (session))
FORWARD(char*, NULL, libssh2_userauth_list,
        (LIBSSH2_SESSION * session, const char* username, unsigned int username_len), (session, username, username_len))
FORWARD(int, FAILED, libssh2_userauth_password_ex,
        (LIBSSH2_SESSION * session, const char* username, unsigned int username_len, const char* password,
         unsigned int password_len, LIBSSH2_PASSWD_CHANGEREQ_FUNC((*passwd_change_cb))),
        (session, username, username_len, password, password_len, passwd_change_cb))
FORWARD(int, FAILED, libssh2_userauth_publickey_fromfile_ex,
        (LIBSSH2_SESSION * session, const char* username, unsigned int username_len, const char* publickey,
         const char* privatekey, const char* passphrase),
        (session, username, username_len, publickey, privatekey, passphrase))
FORWARD(int, FAILED, libssh2_userauth_publickey,
        (LIBSSH2_SESSION * session, const char* username, const unsigned char* pubkeydata, size_t pubkeydata_len,
         LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC((*sign_callback)), void** abstract),
        (session, username, pubkeydata, pubkeydata_len, sign_callback, abstract))
FORWARD(int, FAILED, libssh2_userauth_publickey_frommemory,
        (LIBSSH2_SESSION * session, const char* username, size_t username_len, const char* publickeyfiledata,
         size_t publickeyfiledata_len, const char* privatekeyfiledata, size_t privatekeyfiledata_len,
         const char* passphrase),
        (session, username, username_len, publickeyfiledata, publickeyfiledata_len, privatekeyfiledata,
         privatekeyfiledata_len, passphrase))
FORWARD(int, FAILED, libssh2_userauth_keyboard_interactive_ex,
        (LIBSSH2_SESSION * session, const char* username, unsigned int username_len,
         LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC((*response_callback))),
        (session, username, username_len, response_callback))

FORWARD(LIBSSH2_CHANNEL*, NULL, libssh2_channel_open_ex,
        (LIBSSH2_SESSION * session, const char* channel_type, unsigned int channel_type_len, unsigned int window_size,
         unsigned int packet_size, const char* message, unsigned int message_len),
        (session, channel_type, channel_type_len, window_size, packet_size, message, message_len))
FORWARD(int, FAILED, libssh2_channel_process_startup,
        (LIBSSH2_CHANNEL * channel, const char* request, unsigned int request_len, const char* message,
         unsigned int message_len),
        (channel, request, request_len, message, message_len))
FORWARD(ssize_t, FAILED, libssh2_channel_read_ex, (LIBSSH2_CHANNEL * channel, int stream_id, char* buf, size_t buflen),
        (channel, stream_id, buf, buflen))
FORWARD(ssize_t, FAILED, libssh2_channel_write_ex,
        (LIBSSH2_CHANNEL * channel, int stream_id, const char* buf, size_t buflen), (channel, stream_id, buf, buflen))
FORWARD_VOID(libssh2_channel_set_blocking, (LIBSSH2_CHANNEL * channel, int blocking), (channel, blocking))
FORWARD(int, FAILED, libssh2_channel_close, (LIBSSH2_CHANNEL * channel), (channel))
FORWARD(int, FAILED, libssh2_channel_free, (LIBSSH2_CHANNEL * channel), (channel))

FORWARD(LIBSSH2_KNOWNHOSTS*, NULL, libssh2_knownhost_init, (LIBSSH2_SESSION * session), (session))
FORWARD(int, FAILED, libssh2_knownhost_readfile, (LIBSSH2_KNOWNHOSTS * hosts, const char* filename, int type),
        (hosts, filename, type))
FORWARD(int, FAILED, libssh2_knownhost_checkp,
        (LIBSSH2_KNOWNHOSTS * hosts, const char* host, int port, const char* key, size_t keylen, int typemask,
         struct libssh2_knownhost** knownhost),
        (hosts, host, port, key, keylen, typemask, knownhost))
FORWARD_VOID(libssh2_knownhost_free, (LIBSSH2_KNOWNHOSTS * hosts), (hosts))

FORWARD(LIBSSH2_AGENT*, NULL, libssh2_agent_init, (LIBSSH2_SESSION * session), (session))
FORWARD(int, FAILED, libssh2_agent_connect, (LIBSSH2_AGENT * agent), (agent))
FORWARD(int, FAILED, libssh2_agent_list_identities, (LIBSSH2_AGENT * agent), (agent))
FORWARD(int, FAILED, libssh2_agent_get_identity,
        (LIBSSH2_AGENT * agent, struct libssh2_agent_publickey** store, struct libssh2_agent_publickey* prev),
        (agent, store, prev))
FORWARD(int, FAILED, libssh2_agent_userauth,
        (LIBSSH2_AGENT * agent, const char* username, struct libssh2_agent_publickey* identity),
        (agent, username, identity))
FORWARD(int, FAILED, libssh2_agent_disconnect, (LIBSSH2_AGENT * agent), (agent))
FORWARD_VOID(libssh2_agent_free, (LIBSSH2_AGENT * agent), (agent))
