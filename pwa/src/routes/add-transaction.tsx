import { useApp } from '../state/app-context';
import { BuyForm } from '../ui/buy-form';

export function AddTransaction() {
  const { core } = useApp();
  return (
    <section aria-labelledby="add-heading">
      <h1 id="add-heading">Add a transaction</h1>
      <BuyForm core={core} />
    </section>
  );
}
