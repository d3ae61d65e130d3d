interface Props {
  url: string;
  widthCm: number;
  heightCm: number;
  alt: string;
}

/**
 * A seal or signature at its physical size. CSS `cm` is 96/2.54 px, which a correctly
 * scaled display shows as a real centimetre, so no dpi arithmetic happens here; the image's
 * own pixel count only sets its sharpness.
 */
export function TrueSizeMark({ url, widthCm, heightCm, alt }: Props) {
  return (
    <img
      className="true-size-mark"
      src={url}
      alt={alt}
      draggable={false}
      style={{ width: `${widthCm}cm`, height: `${heightCm}cm` }}
      data-testid="true-size-mark"
      data-width-cm={widthCm}
      data-height-cm={heightCm}
    />
  );
}
