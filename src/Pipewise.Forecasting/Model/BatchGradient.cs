using Pipewise.Forecasting.Features;

namespace Pipewise.Forecasting.Model;

/// <summary>
/// The mean loss gradient of one mini-batch, computed on a fixed number of threads. Each thread sums a fixed
/// slice of the batch into its own buffer and the buffers are added in thread order, so the result does not
/// depend on scheduling.
/// </summary>
internal sealed class BatchGradient
{
    private readonly BiLstmNetwork net;
    private readonly WindowSet windows;
    private readonly Normalization normalization;
    private readonly TrainingOptions options;
    private readonly double meanScale;
    private readonly int threads;
    private readonly BiLstmWorkspace[] workspaces;
    private readonly float[][] grads;
    private readonly float[][] inputs;
    private readonly double[] losses;

    public BatchGradient(BiLstmNetwork net, WindowSet windows, Normalization normalization, TrainingOptions options, double meanScale)
    {
        this.net = net;
        this.windows = windows;
        this.normalization = normalization;
        this.options = options;
        this.meanScale = meanScale;
        threads = Math.Max(1, options.Threads);
        var n = net.ParameterCount;
        workspaces = Enumerable.Range(0, threads).Select(_ => net.CreateWorkspace()).ToArray();
        grads = Enumerable.Range(0, threads).Select(_ => new float[n]).ToArray();
        inputs = Enumerable.Range(0, threads).Select(_ => new float[windows.WindowSize]).ToArray();
        losses = new double[threads];
        Total = new float[n];
    }

    /// <summary>The mean gradient of the last batch.</summary>
    public float[] Total { get; }

    /// <summary>
    /// Computes the gradient of windows <c>order[start .. start+count)</c> into <see cref="Total"/> and returns
    /// <paramref name="lossSoFar"/> plus their summed loss.
    /// </summary>
    public double Compute(int[] order, int start, int count, double lossSoFar)
    {
        var chunk = (count + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, th =>
        {
            Array.Clear(grads[th]);
            losses[th] = 0;
            Span<float> output = stackalloc float[3];
            Span<float> dOut = stackalloc float[3];
            var end = Math.Min(count, (th + 1) * chunk);
            for (var b = th * chunk; b < end; b++)
            {
                var (anchors, y, failed) = windows.Fill(order[start + b], inputs[th], normalization);
                net.Forward(inputs[th], workspaces[th], output);
                var weight = options.ScaleWeighting ? (float)Math.Clamp(Math.Exp(anchors.Center) / meanScale, 0.1, 10) : 1f;
                losses[th] += Heads.Loss(output, anchors, y, failed, options.FailureWeight, dOut, weight);
                net.Backward(workspaces[th], dOut, grads[th]);
            }
        });
        Array.Clear(Total);
        for (var th = 0; th < threads; th++)
        {
            VectorMath.Axpy(1f / count, grads[th], Total);
            lossSoFar += losses[th];
        }

        return lossSoFar;
    }
}
