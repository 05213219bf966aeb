global using SharedTyped.Generated.Tests.Declarations;
global using SharedTyped.Generated.Tests.Infrastructure;
global using Xunit;
