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
        -2.23428f,  // password.bias
        0.981972f,  // password.shape_random
        0.318925f,  // password.shape_hex
        -1.39574f,  // password.shape_base64
        0.406675f,  // password.shape_word
        0.370472f,  // password.shape_word_digits
        -1.30154f,  // password.shape_words
        0.24678f,  // password.shape_digits
        0.37245f,  // password.shape_other
        -2.026f,  // password.placeholder
        -0.486563f,  // password.names_field
        -0.608247f,  // password.short
        -2.19278f,  // password.long
        1.32925f,  // password.log_length
        -0.93268f,  // password.shortfall
        1.01337f,  // password.quoted
        -1.75019f,  // password.argument
        0.736824f,  // password.unquoted
        -2.10464f,  // password.call_argument
        -0.187979f,  // password.comment
        0.205451f,  // password.env_name
        -0.80205f,  // password.variant_name
        -0.572556f,  // password.in_string
        0.107614f,  // password.path_test
        -0.113155f,  // password.path_example
        0.339945f,  // password.kind_code
        0.792752f,  // password.kind_config
        -0.318205f,  // password.kind_document
        -0.930048f,  // password.value_only
        -0.930014f,  // secret.bias
        1.42591f,  // secret.shape_random
        1.38222f,  // secret.shape_hex
        -0.0621341f,  // secret.shape_base64
        0.0f,  // secret.shape_word
        -0.762583f,  // secret.shape_word_digits
        -2.63392f,  // secret.shape_words
        0.0f,  // secret.shape_digits
        -0.279503f,  // secret.shape_other
        -1.97483f,  // secret.placeholder
        -0.841769f,  // secret.names_field
        -1.14786f,  // secret.short
        -0.464134f,  // secret.long
        1.0738f,  // secret.log_length
        0.872555f,  // secret.shortfall
        -0.535767f,  // secret.quoted
        0.0f,  // secret.argument
        -0.394247f,  // secret.unquoted
        -2.57989f,  // secret.call_argument
        -0.821982f,  // secret.comment
        0.14369f,  // secret.env_name
        0.0734979f,  // secret.variant_name
        0.261546f,  // secret.in_string
        -0.346427f,  // secret.path_test
        -0.307298f,  // secret.path_example
        -0.344551f,  // secret.kind_code
        0.00101602f,  // secret.kind_config
        0.219937f,  // secret.kind_document
        0.0f,  // secret.value_only
    },
    0.770831f,
    1.83495f,
};

}  // namespace hush::scanner
