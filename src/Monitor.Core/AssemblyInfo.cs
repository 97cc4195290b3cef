using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Monitor.Core.Tests")]
