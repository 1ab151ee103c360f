using System.Collections;
using System.Globalization;
using System.Reflection;
using Gateway.Core.Configuration;

namespace Gateway.Host.Configuration;

/// <summary>Prints the effective settings as <c>Section:Key = value</c> lines, with secrets redacted.</summary>
internal static class SettingsPrinter
{
    public const string Redacted = "***";

    public static IEnumerable<string> Lines(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lines = new List<string>();
        Walk(options, "", lines);
        return lines;
    }

    /// <summary>Whether a setting holds a secret whose value must never be printed or logged.</summary>
    public static bool IsSecret(string key) =>
        key.Contains("Password", StringComparison.OrdinalIgnoreCase)
        || key.Contains("Secret", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("EncryptionKey", StringComparison.OrdinalIgnoreCase);

    private static void Walk(object value, string prefix, List<string> lines)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}";
            var child = property.GetValue(value);
            if (child is not null && IsSection(property.PropertyType))
            {
                Walk(child, key, lines);
                continue;
            }

            if (child is IReadOnlyDictionary<string, IReadOnlyList<string>> map)
            {
                lines.AddRange(map.Select(entry => $"{key}:{entry.Key} = {Format(key, entry.Value)}"));
                continue;
            }

            if (child is IReadOnlyDictionary<string, string> pairs)
            {
                lines.AddRange(pairs.Count == 0 ? [$"{key} = (built-in)"] : pairs.Select(entry => $"{key}:{entry.Key} = {Format(key, entry.Value)}"));
                continue;
            }

            lines.Add($"{key} = {Format(key, child)}");
        }
    }

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace == typeof(GatewayOptions).Namespace;

    private static string Format(string key, object? value)
    {
        if (value is null || (value is string s && s.Length == 0))
        {
            return "(not set)";
        }

        if (IsSecret(key))
        {
            return Redacted;
        }

        return value switch
        {
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IEnumerable<string> list => list.Any() ? string.Join(", ", list) : "(not set)",
            _ => value.ToString() ?? "",
        };
    }
}
