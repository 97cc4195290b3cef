using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Monitor.Core;

/// <summary>
/// The text one enum's values have outside the process (database column, query parameter, JSON field, metric label),
/// both ways. Every value has exactly one name; names are matched exactly (ordinal).
/// </summary>
public sealed class WireNameMap<TEnum>
    where TEnum : struct, Enum
{
    private readonly string[] names;
    private readonly Dictionary<string, TEnum> values;

    /// <param name="pairs">Every value of the enum, once, with its name; the values must be 0 … n − 1.</param>
    internal WireNameMap(params (TEnum Value, string Name)[] pairs)
    {
        if (Enum.GetUnderlyingType(typeof(TEnum)) != typeof(int))
        {
            throw new ArgumentException($"{typeof(TEnum).Name} is not an int enum.", nameof(pairs));
        }

        var count = Enum.GetValues<TEnum>().Length;
        names = new string[count];
        foreach (var (value, name) in pairs)
        {
            var index = Index(value);
            if ((uint)index >= (uint)count || names[index] is not null)
            {
                throw new ArgumentException($"{typeof(TEnum).Name}.{value} is out of range or named twice.", nameof(pairs));
            }

            names[index] = name;
        }

        if (Array.IndexOf(names, null) is >= 0 and var unnamed)
        {
            throw new ArgumentException($"{typeof(TEnum).Name} value {unnamed} has no wire name.", nameof(pairs));
        }

        values = pairs.ToDictionary(pair => pair.Name, pair => pair.Value, StringComparer.Ordinal);
        Names = Array.AsReadOnly(names);
    }

    /// <summary>Every name, in the order of the enum's values (<c>Names[(int)value]</c>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <exception cref="ArgumentOutOfRangeException">The value is not one of the enum's.</exception>
    public string Name(TEnum value)
    {
        var index = Index(value);
        return (uint)index < (uint)names.Length
            ? names[index]
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(TEnum).Name}");
    }

    public bool TryParse([NotNullWhen(true)] string? name, out TEnum value)
    {
        value = default;
        return name is not null && values.TryGetValue(name, out value);
    }

    /// <exception cref="FormatException">The text is none of the names; the message lists them.</exception>
    public TEnum Parse(string name) =>
        TryParse(name, out var value)
            ? value
            : throw new FormatException($"'{name}' is not a {typeof(TEnum).Name}: expected one of {string.Join(", ", names)}");

    private static int Index(TEnum value) => Unsafe.As<TEnum, int>(ref value);
}
