/* libgit2's archive carries its Negotiate (Kerberos) HTTP authentication and so references
 * GSSAPI. Linking libgssapi_krb5 would load it and six more libraries at every start (cost in
 * bench/README.md), for a path hush never takes: it runs no libgit2 network transport. These forwarders
 * load the real library on their first call instead, so behaviour is unchanged if one is ever
 * reached. Linked only beside a static libgit2 (cmake/HushStaticDeps.cmake), so it lives
 * in link/, outside every library's sources. Prototypes follow RFC 2744. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>

typedef uint32_t OM_uint32;
typedef struct gss_OID_desc_struct {
  OM_uint32 length;
  void* elements;
} gss_OID_desc, *gss_OID;

/* GSS_C_NT_HOSTBASED_SERVICE, {1 2 840 113554 1 2 1 4}: a variable libgit2 reads before any
 * call, so it is defined here by value. GSSAPI implementations compare OIDs by value. */
static gss_OID_desc hostbased_service = {10, (void*)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"};
gss_OID GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;

#define GSS_S_UNAVAILABLE (16u << 16)

static void* library;
static pthread_once_t library_once = PTHREAD_ONCE_INIT;

static void load_library(void) { library = dlopen("libgssapi_krb5.so.2", RTLD_NOW | RTLD_LOCAL); }

static void* resolve(const char* symbol) {
  pthread_once(&library_once, load_library);
  return library ? dlsym(library, symbol) : NULL;
}

#define FORWARD(name, params, args)                            \
  OM_uint32 name params {                                      \
    typedef OM_uint32(*function) params;                       \
    function real;                                             \
    *(void**)(&real) = resolve(#name); /* POSIX dlsym idiom */ \
    if (!real) {                                               \
      *minor = 0;                                              \
      return GSS_S_UNAVAILABLE;                                \
    }                                                          \
    return real args;                                          \
  }

FORWARD(gss_import_name, (OM_uint32 * minor, void* name_buffer, gss_OID name_type, void** output_name),
        (minor, name_buffer, name_type, output_name))
FORWARD(gss_release_name, (OM_uint32 * minor, void** name), (minor, name))
FORWARD(gss_release_buffer, (OM_uint32 * minor, void* buffer), (minor, buffer))
FORWARD(gss_indicate_mechs, (OM_uint32 * minor, void** mech_set), (minor, mech_set))
FORWARD(gss_release_oid_set, (OM_uint32 * minor, void** set), (minor, set))
FORWARD(gss_delete_sec_context, (OM_uint32 * minor, void** context, void* output_token), (minor, context, output_token))
FORWARD(gss_display_status,
        (OM_uint32 * minor, OM_uint32 status_value, int status_type, gss_OID mech_type, OM_uint32* message_context,
         void* status_string),
        (minor, status_value, status_type, mech_type, message_context, status_string))
FORWARD(gss_init_sec_context,
        (OM_uint32 * minor, void* claimant_cred, void** context, void* target_name, gss_OID mech_type,
         OM_uint32 req_flags, OM_uint32 time_req, void* input_chan_bindings, void* input_token,
         gss_OID* actual_mech_type, void* output_token, OM_uint32* ret_flags, OM_uint32* time_rec),
        (minor, claimant_cred, context, target_name, mech_type, req_flags, time_req, input_chan_bindings, input_token,
         actual_mech_type, output_token, ret_flags, time_rec))
