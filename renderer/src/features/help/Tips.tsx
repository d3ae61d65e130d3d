/** A list of the manual's tips, numbered where the manual numbers them. */
export function Tips({ items, ordered = false }: { items: string[]; ordered?: boolean }) {
  const List = ordered ? 'ol' : 'ul';
  return (
    <List className="help-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </List>
  );
}
