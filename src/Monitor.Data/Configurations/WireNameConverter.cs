using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Monitor.Core;

namespace Monitor.Data.Configurations;

/// <summary>Stores an enum as its wire name (<see cref="WireNames"/>), so SQL readers (psql, Grafana panels) see <c>ok</c>, <c>missing</c>.</summary>
internal sealed class WireNameConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => WireNames.For<TEnum>().Name(value),
    text => WireNames.For<TEnum>().Parse(text))
    where TEnum : struct, Enum;
