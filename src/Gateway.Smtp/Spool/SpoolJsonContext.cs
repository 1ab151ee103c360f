using System.Text.Json.Serialization;

namespace Gateway.Smtp.Spool;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SpoolEnvelope))]
internal sealed partial class SpoolJsonContext : JsonSerializerContext;
