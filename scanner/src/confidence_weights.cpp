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
        -2.62537f,    // password.bias
        1.18429f,     // password.shape_random
        0.423041f,    // password.shape_hex
        -1.46328f,    // password.shape_base64
        0.780385f,    // password.shape_word
        0.773703f,    // password.shape_word_digits
        -1.20065f,    // password.shape_words
        -0.95883f,    // password.shape_digits
        0.46134f,     // password.shape_other
        -2.0044f,     // password.placeholder
        -0.527234f,   // password.names_field
        -0.458161f,   // password.short
        -2.23432f,    // password.long
        1.34908f,     // password.log_length
        -0.182219f,   // password.shortfall
        0.947878f,    // password.quoted
        -1.58168f,    // password.argument
        0.633804f,    // password.unquoted
        -2.0302f,     // password.call_argument
        -0.151821f,   // password.comment
        0.182835f,    // password.env_name
        -0.835096f,   // password.variant_name
        -0.595705f,   // password.in_string
        0.164832f,    // password.path_test
        -0.0997796f,  // password.path_example
        0.110561f,    // password.kind_code
        0.734493f,    // password.kind_config
        -0.122785f,   // password.kind_document
        0.373659f,    // password.value_only
        -0.909247f,   // secret.bias
        1.47341f,     // secret.shape_random
        1.42625f,     // secret.shape_hex
        0.0476243f,   // secret.shape_base64
        0.495187f,    // secret.shape_word
        -0.873375f,   // secret.shape_word_digits
        -3.11322f,    // secret.shape_words
        -0.178881f,   // secret.shape_digits
        -0.18624f,    // secret.shape_other
        -1.95851f,    // secret.placeholder
        -0.723342f,   // secret.names_field
        -1.10131f,    // secret.short
        -0.438496f,   // secret.long
        1.05083f,     // secret.log_length
        0.884881f,    // secret.shortfall
        -0.506349f,   // secret.quoted
        0.0f,         // secret.argument
        -0.402898f,   // secret.unquoted
        -2.29536f,    // secret.call_argument
        -0.963496f,   // secret.comment
        -0.213156f,   // secret.env_name
        0.0862552f,   // secret.variant_name
        0.222745f,    // secret.in_string
        -0.287688f,   // secret.path_test
        -0.210169f,   // secret.path_example
        -0.403256f,   // secret.kind_code
        0.0971981f,   // secret.kind_config
        0.195661f,    // secret.kind_document
        0.0f,         // secret.value_only
    },
    0.478606f,
    1.50237f,
};

}  // namespace hush::scanner
