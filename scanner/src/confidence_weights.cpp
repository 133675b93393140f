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
        -2.80026f,    // password.bias
        1.18026f,     // password.shape_random
        0.409596f,    // password.shape_hex
        -1.48732f,    // password.shape_base64
        0.746537f,    // password.shape_word
        0.777383f,    // password.shape_word_digits
        -1.15878f,    // password.shape_words
        -0.923692f,   // password.shape_digits
        0.456016f,    // password.shape_other
        -1.93722f,    // password.placeholder
        -0.485951f,   // password.names_field
        -0.404072f,   // password.short
        -2.23233f,    // password.long
        1.3894f,      // password.log_length
        -0.399208f,   // password.shortfall
        0.930986f,    // password.quoted
        -1.55459f,    // password.argument
        0.623604f,    // password.unquoted
        -1.80602f,    // password.call_argument
        -0.105231f,   // password.comment
        0.163055f,    // password.env_name
        -0.77279f,    // password.variant_name
        -0.544546f,   // password.in_string
        0.20218f,     // password.path_test
        -0.120736f,   // password.path_example
        0.157288f,    // password.kind_code
        0.813712f,    // password.kind_config
        -0.0579631f,  // password.kind_document
        0.400694f,    // password.value_only
        -0.894312f,   // secret.bias
        1.38836f,     // secret.shape_random
        1.51167f,     // secret.shape_hex
        -0.0817828f,  // secret.shape_base64
        0.493923f,    // secret.shape_word
        -0.830587f,   // secret.shape_word_digits
        -3.05191f,    // secret.shape_words
        -0.182572f,   // secret.shape_digits
        -0.141414f,   // secret.shape_other
        -1.99056f,    // secret.placeholder
        -0.708842f,   // secret.names_field
        -1.15499f,    // secret.short
        -0.259242f,   // secret.long
        0.970135f,    // secret.log_length
        0.924133f,    // secret.shortfall
        -0.504539f,   // secret.quoted
        0.0f,         // secret.argument
        -0.389773f,   // secret.unquoted
        -2.63431f,    // secret.call_argument
        -0.909128f,   // secret.comment
        -0.0111715f,  // secret.env_name
        0.0852104f,   // secret.variant_name
        0.22474f,     // secret.in_string
        -0.116115f,   // secret.path_test
        -0.159834f,   // secret.path_example
        -0.421813f,   // secret.kind_code
        0.119449f,    // secret.kind_config
        0.245419f,    // secret.kind_document
        0.0f,         // secret.value_only
    },
    0.530668f,
    1.56977f,
};

}  // namespace hush::scanner
