// Written by bench/accuracy/confidence_fit.py; edit the script or its input, not this file.
#include "confidence_model.hpp"

namespace hush::scanner {

const ConfidenceModel confidence_model = {
    {
        "password.bias",
        "password.shape_random",
        "password.shape_hex",
        "password.shape_base64",
        "password.shape_word",
        "password.shape_word_digits",
        "password.shape_words",
        "password.shape_digits",
        "password.shape_other",
        "password.placeholder",
        "password.names_field",
        "password.short",
        "password.long",
        "password.log_length",
        "password.shortfall",
        "password.quoted",
        "password.argument",
        "password.unquoted",
        "password.call_argument",
        "password.comment",
        "password.env_name",
        "password.variant_name",
        "password.in_string",
        "password.path_test",
        "password.path_example",
        "password.kind_code",
        "password.kind_config",
        "password.kind_document",
        "password.value_only",
        "secret.bias",
        "secret.shape_random",
        "secret.shape_hex",
        "secret.shape_base64",
        "secret.shape_word",
        "secret.shape_word_digits",
        "secret.shape_words",
        "secret.shape_digits",
        "secret.shape_other",
        "secret.placeholder",
        "secret.names_field",
        "secret.short",
        "secret.long",
        "secret.log_length",
        "secret.shortfall",
        "secret.quoted",
        "secret.argument",
        "secret.unquoted",
        "secret.call_argument",
        "secret.comment",
        "secret.env_name",
        "secret.variant_name",
        "secret.in_string",
        "secret.path_test",
        "secret.path_example",
        "secret.kind_code",
        "secret.kind_config",
        "secret.kind_document",
        "secret.value_only",
    },
    {
        -1.97892f,  // password.bias
        0.985823f,  // password.shape_random
        0.334481f,  // password.shape_hex
        -0.675572f,  // password.shape_base64
        0.25396f,  // password.shape_word
        0.234109f,  // password.shape_word_digits
        -1.41416f,  // password.shape_words
        0.142883f,  // password.shape_digits
        0.138474f,  // password.shape_other
        -2.00757f,  // password.placeholder
        -0.515612f,  // password.names_field
        -0.607531f,  // password.short
        -2.34282f,  // password.long
        1.27267f,  // password.log_length
        -0.916847f,  // password.shortfall
        0.991937f,  // password.quoted
        -1.73641f,  // password.argument
        0.74447f,  // password.unquoted
        -2.12588f,  // password.call_argument
        -0.191172f,  // password.comment
        0.212833f,  // password.env_name
        -0.825643f,  // password.variant_name
        -0.550884f,  // password.in_string
        0.103483f,  // password.path_test
        -0.125005f,  // password.path_example
        0.373381f,  // password.kind_code
        0.767655f,  // password.kind_config
        -0.322048f,  // password.kind_document
        -0.899125f,  // password.value_only
        -0.75754f,  // secret.bias
        1.31405f,  // secret.shape_random
        1.29809f,  // secret.shape_hex
        0.523272f,  // secret.shape_base64
        0.0f,  // secret.shape_word
        -0.926448f,  // secret.shape_word_digits
        -2.60964f,  // secret.shape_words
        0.0f,  // secret.shape_digits
        -0.356867f,  // secret.shape_other
        -1.96696f,  // secret.placeholder
        -0.71197f,  // secret.names_field
        -1.15368f,  // secret.short
        -0.461462f,  // secret.long
        1.05188f,  // secret.log_length
        0.826684f,  // secret.shortfall
        -0.449034f,  // secret.quoted
        0.0f,  // secret.argument
        -0.308506f,  // secret.unquoted
        -2.61601f,  // secret.call_argument
        -0.530545f,  // secret.comment
        0.162497f,  // secret.env_name
        0.0676107f,  // secret.variant_name
        0.188404f,  // secret.in_string
        -0.170305f,  // secret.path_test
        -0.113865f,  // secret.path_example
        -0.530381f,  // secret.kind_code
        -0.119636f,  // secret.kind_config
        0.133194f,  // secret.kind_document
        0.0f,  // secret.value_only
    },
    0.820629f,
    1.52329f,
};

}  // namespace hush::scanner
