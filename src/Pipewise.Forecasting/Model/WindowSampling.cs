namespace Pipewise.Forecasting.Model;

/// <summary>Seeded choice and order of the windows an epoch trains on or a validation pass reads.</summary>
internal static class WindowSampling
{
    /// <summary>All indices below <paramref name="count"/> when there are at most <paramref name="max"/>, else <paramref name="max"/> drawn with replacement.</summary>
    public static int[] Picks(int count, int max, Random random)
    {
        if (count <= max)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        var picks = new int[max];
        for (var i = 0; i < max; i++)
        {
            picks[i] = random.Next(count);
        }

        return picks;
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public static void Shuffle(int[] a, Random random)
    {
        for (var i = a.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
