using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Monitor.Data.Configurations;

/// <summary>Stores enums as lowercase text so SQL readers (psql, Grafana panels) see <c>ok</c>, <c>missing</c>.</summary>
internal sealed class LowercaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => value.ToString().ToLowerInvariant(),
    text => Enum.Parse<TEnum>(text, true))
    where TEnum : struct, Enum;
