export function Portfolio() {
  return (
    <section aria-labelledby="portfolio-heading">
      <h1 id="portfolio-heading">Portfolio</h1>
    </section>
  );
}
