namespace Pipewise.Forecasting.Model;

/// <summary>Shape of the network.</summary>
public sealed record BiLstmShape(int InputSize, int HiddenSize, int Layers, int HeadHidden, int Steps)
{
    public int LayerInput(int layer) => layer == 0 ? InputSize : 2 * HiddenSize;
}
