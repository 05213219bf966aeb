namespace SharedTyped.Tests;
