namespace Pipewise.Forecasting.Model;

/// <summary>
/// A stacked bidirectional LSTM with two dense layers on top, in plain managed code. Parameters live in one flat
/// array (so that Adam and the gradient check see one vector). Weights use the ONNX layout and gate order
/// (i, o, f, c): per layer and direction W [4H, I], R [4H, H], bias [4H]. The heads read the final state of the
/// forward direction (after the last step) and of the backward direction (after the first step) of the top layer:
/// a = relu(W1·[h→; h←] + b1), out = W2·a + b2 with out = (p50 − centre, softplus⁻¹(p90 − p50), failure logit).
/// </summary>
public sealed class BiLstmNetwork
{
    private readonly int[] wOffset;
    private readonly int[] rOffset;
    private readonly int[] bOffset;

    public BiLstmNetwork(BiLstmShape shape, float[]? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        var h = shape.HiddenSize;
        wOffset = new int[shape.Layers * 2];
        rOffset = new int[shape.Layers * 2];
        bOffset = new int[shape.Layers * 2];
        var offset = 0;
        for (var l = 0; l < shape.Layers; l++)
        {
            for (var d = 0; d < 2; d++)
            {
                wOffset[(l * 2) + d] = offset;
                offset += 4 * h * shape.LayerInput(l);
                rOffset[(l * 2) + d] = offset;
                offset += 4 * h * h;
                bOffset[(l * 2) + d] = offset;
                offset += 4 * h;
            }
        }

        W1Offset = offset;
        offset += shape.HeadHidden * 2 * h;
        B1Offset = offset;
        offset += shape.HeadHidden;
        W2Offset = offset;
        offset += 3 * shape.HeadHidden;
        B2Offset = offset;
        offset += 3;
        ParameterCount = offset;
        if (parameters is not null && parameters.Length != offset)
        {
            throw new ArgumentException($"The network needs {offset} parameters; {parameters.Length} were given.", nameof(parameters));
        }

        Parameters = parameters ?? new float[offset];
    }

    public BiLstmShape Shape { get; }

    public float[] Parameters { get; }

    public int ParameterCount { get; }

    internal int W1Offset { get; }

    internal int B1Offset { get; }

    internal int W2Offset { get; }

    internal int B2Offset { get; }

    public ReadOnlySpan<float> W(int layer, int direction) => Parameters.AsSpan(wOffset[(layer * 2) + direction], 4 * Shape.HiddenSize * Shape.LayerInput(layer));

    public ReadOnlySpan<float> R(int layer, int direction) => Parameters.AsSpan(rOffset[(layer * 2) + direction], 4 * Shape.HiddenSize * Shape.HiddenSize);

    public ReadOnlySpan<float> Bias(int layer, int direction) => Parameters.AsSpan(bOffset[(layer * 2) + direction], 4 * Shape.HiddenSize);

    /// <summary>Initialises the parameters (uniform ±1/√H, forget-gate bias 1) from a seeded source.</summary>
    public void Initialize(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var h = Shape.HiddenSize;
        var scale = 1.0 / Math.Sqrt(h);
        for (var i = 0; i < W1Offset; i++)
        {
            Parameters[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        for (var k = 0; k < bOffset.Length; k++)
        {
            var b = Parameters.AsSpan(bOffset[k], 4 * h);
            b.Clear();
            b.Slice(2 * h, h).Fill(1f);
        }

        var s1 = Math.Sqrt(6.0 / (2 * h + Shape.HeadHidden));
        for (var i = W1Offset; i < B1Offset; i++)
        {
            Parameters[i] = (float)(((random.NextDouble() * 2) - 1) * s1);
        }

        Parameters.AsSpan(B1Offset, Shape.HeadHidden).Fill(0.01f);
        var s2 = Math.Sqrt(6.0 / (Shape.HeadHidden + 3));
        for (var i = W2Offset; i < B2Offset; i++)
        {
            Parameters[i] = (float)(((random.NextDouble() * 2) - 1) * s2 * 0.1);
        }

        Parameters.AsSpan(B2Offset, 3).Clear();
        Parameters[B2Offset + 1] = 0.5f; // p90 starts a little above p50
        // The failure head starts at the pipeline's recent failure rate (its anchor), so its bias starts at 0.
    }

    internal int WOffset(int layer, int direction) => wOffset[(layer * 2) + direction];

    internal int ROffset(int layer, int direction) => rOffset[(layer * 2) + direction];

    internal int BOffset(int layer, int direction) => bOffset[(layer * 2) + direction];

    public BiLstmWorkspace CreateWorkspace() => new(Shape);

    /// <summary>The raw head outputs for one window x [Steps·InputSize] (normalised features).</summary>
    public void Forward(ReadOnlySpan<float> x, BiLstmWorkspace ws, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(ws);
        BiLstmForwardPass.Run(this, x, ws, output);
    }

    /// <summary>
    /// Back-propagates d(loss)/d(raw outputs) through the pass last run on <paramref name="ws"/>, adding the
    /// parameter gradient into <paramref name="grad"/>.
    /// </summary>
    public void Backward(BiLstmWorkspace ws, ReadOnlySpan<float> dOutput, Span<float> grad)
    {
        ArgumentNullException.ThrowIfNull(ws);
        BiLstmBackwardPass.Run(this, ws, dOutput, grad);
    }
}
