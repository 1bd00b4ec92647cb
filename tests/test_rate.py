"""Tests de serveur/rate.py : le seau à jetons de chaque adresse, une ligne par rafale."""

import unittest

from serveur import rate
from serveur.rate import Buckets

from .test_class_code import FakeClock


class BucketsTest(unittest.TestCase):

    def setUp(self):
        self.clock = FakeClock()
        self.buckets = Buckets(50, clock=self.clock)

    def test_a_burst_of_twice_the_rate_is_served_then_429(self):
        served = [self.buckets.take("p7")[0] for _ in range(100)]
        self.assertTrue(all(served))
        allowed, starts, wait = self.buckets.take("p7")
        self.assertFalse(allowed)
        self.assertTrue(starts)
        self.assertEqual(wait, 1)
        allowed, starts, _wait = self.buckets.take("p7")
        self.assertFalse(allowed)
        self.assertFalse(starts, "une rafale ne commence qu'une fois")

    def test_another_address_has_its_own_bucket(self):
        for _ in range(101):
            self.buckets.take("p7")
        self.assertTrue(self.buckets.take("p8")[0])

    def test_the_bucket_refills_at_the_rate(self):
        for _ in range(101):
            self.buckets.take("p7")
        self.clock.now += 0.1   # cinq jetons
        self.assertEqual([self.buckets.take("p7")[0] for _ in range(6)], [True] * 5 + [False])

    def test_a_calm_burst_is_told_once_with_its_count(self):
        for _ in range(130):
            self.buckets.take("p7")
        self.assertEqual(self.buckets.calm(), [])   # pas encore calme
        self.clock.now += rate.QUIET
        self.assertEqual(self.buckets.calm(), [("p7", 30, 0.0)])
        self.assertEqual(self.buckets.calm(), [])
        self.clock.now += 100
        for _ in range(100):
            self.buckets.take("p7")
        self.assertTrue(self.buckets.take("p7")[1], "une nouvelle rafale commence")

    def test_the_buckets_are_bounded(self):
        for index in range(rate.MAX_ADDRESSES + 10):
            self.buckets.take("10.0.%d.%d" % divmod(index, 256))
        self.assertLessEqual(len(self.buckets._buckets), rate.MAX_ADDRESSES)


if __name__ == "__main__":
    unittest.main()
