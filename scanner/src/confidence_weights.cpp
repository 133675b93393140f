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
        -2.16997f,  // password.bias
        1.11667f,  // password.shape_random
        0.309479f,  // password.shape_hex
        -1.40593f,  // password.shape_base64
        0.377578f,  // password.shape_word
        0.334821f,  // password.shape_word_digits
        -1.31748f,  // password.shape_words
        0.241302f,  // password.shape_digits
        0.343561f,  // password.shape_other
        -2.04128f,  // password.placeholder
        -0.506162f,  // password.names_field
        -0.62652f,  // password.short
        -2.21931f,  // password.long
        1.32113f,  // password.log_length
        -0.973732f,  // password.shortfall
        1.00786f,  // password.quoted
        -1.77251f,  // password.argument
        0.764654f,  // password.unquoted
        -2.1199f,  // password.call_argument
        -0.204388f,  // password.comment
        0.181428f,  // password.env_name
        -0.836324f,  // password.variant_name
        -0.572914f,  // password.in_string
        0.113735f,  // password.path_test
        -0.138037f,  // password.path_example
        0.350549f,  // password.kind_code
        0.82673f,  // password.kind_config
        -0.331176f,  // password.kind_document
        -0.967359f,  // password.value_only
        -0.868994f,  // secret.bias
        1.30955f,  // secret.shape_random
        1.33006f,  // secret.shape_hex
        -0.128399f,  // secret.shape_base64
        0.459955f,  // secret.shape_word
        -0.89723f,  // secret.shape_word_digits
        -2.70449f,  // secret.shape_words
        0.110633f,  // secret.shape_digits
        -0.34907f,  // secret.shape_other
        -1.8867f,  // secret.placeholder
        -0.862756f,  // secret.names_field
        -1.17232f,  // secret.short
        -0.479734f,  // secret.long
        1.06738f,  // secret.log_length
        0.868319f,  // secret.shortfall
        -0.476566f,  // secret.quoted
        0.0f,  // secret.argument
        -0.392429f,  // secret.unquoted
        -2.58661f,  // secret.call_argument
        -0.808626f,  // secret.comment
        0.160379f,  // secret.env_name
        0.0697318f,  // secret.variant_name
        0.323497f,  // secret.in_string
        -0.306698f,  // secret.path_test
        -0.313079f,  // secret.path_example
        -0.368272f,  // secret.kind_code
        0.0225822f,  // secret.kind_config
        0.226949f,  // secret.kind_document
        0.0f,  // secret.value_only
    },
    0.764332f,
    1.79814f,
};

}  // namespace hush::scanner
