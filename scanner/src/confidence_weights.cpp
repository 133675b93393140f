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
        -1.9991f,  // password.bias
        0.992357f,  // password.shape_random
        0.332879f,  // password.shape_hex
        -0.676098f,  // password.shape_base64
        0.26637f,  // password.shape_word
        0.246232f,  // password.shape_word_digits
        -1.45037f,  // password.shape_words
        0.143298f,  // password.shape_digits
        0.145337f,  // password.shape_other
        -2.01524f,  // password.placeholder
        -0.514368f,  // password.names_field
        -0.603737f,  // password.short
        -2.3442f,  // password.long
        1.27889f,  // password.log_length
        -0.913549f,  // password.shortfall
        0.992984f,  // password.quoted
        -1.73927f,  // password.argument
        0.746291f,  // password.unquoted
        -2.11876f,  // password.call_argument
        -0.191199f,  // password.comment
        0.212175f,  // password.env_name
        -0.821597f,  // password.variant_name
        -0.545605f,  // password.in_string
        0.096575f,  // password.path_test
        -0.120296f,  // password.path_example
        0.370756f,  // password.kind_code
        0.768051f,  // password.kind_config
        -0.321463f,  // password.kind_document
        -0.884288f,  // password.value_only
        -0.77375f,  // secret.bias
        1.31651f,  // secret.shape_random
        1.29521f,  // secret.shape_hex
        0.527635f,  // secret.shape_base64
        0.0f,  // secret.shape_word
        -0.913617f,  // secret.shape_word_digits
        -2.65175f,  // secret.shape_words
        0.0f,  // secret.shape_digits
        -0.34774f,  // secret.shape_other
        -1.958f,  // secret.placeholder
        -0.709439f,  // secret.names_field
        -1.1435f,  // secret.short
        -0.467044f,  // secret.long
        1.06502f,  // secret.log_length
        0.816538f,  // secret.shortfall
        -0.466848f,  // secret.quoted
        0.0f,  // secret.argument
        -0.306901f,  // secret.unquoted
        -2.61449f,  // secret.call_argument
        -0.535459f,  // secret.comment
        0.161133f,  // secret.env_name
        0.0691048f,  // secret.variant_name
        0.173137f,  // secret.in_string
        -0.180327f,  // secret.path_test
        -0.111766f,  // secret.path_example
        -0.53194f,  // secret.kind_code
        -0.118956f,  // secret.kind_config
        0.119889f,  // secret.kind_document
        0.0f,  // secret.value_only
    },
    0.785801f,
    1.80033f,
};

}  // namespace hush::scanner
